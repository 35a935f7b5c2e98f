/** The flags every Chromium launch uses (issue 11): headless, no sandbox (containers), and nothing that phones home. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
