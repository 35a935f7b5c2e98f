import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const BUILD_SCRIPT = join(__dirname, "..", "..", "apps", "orders", "web", "build.ts");

const built = new Set<string>();

/**
 * Builds the web page into `outDir` with the same esbuild build as `npm run orders:web:build` (synth is
 * synchronous and the build is not, so it runs in a child process). Returns why it failed, naming the
 * command to run by hand, or undefined.
 */
export function buildWebPageSync(outDir: string): string | undefined {
  // Every orders stack with web hosting shares the page: built once per synth, not once per stack.
  if (built.has(outDir) && existsSync(join(outDir, "index.html"))) return undefined;
  const script = `require(${JSON.stringify(BUILD_SCRIPT)}).buildWeb({ outDir: ${JSON.stringify(outDir)} }).catch((e) => { console.error(e.message); process.exit(1); })`;
  const result = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", script], {
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  if (result.status === 0) return void built.add(outDir);
  const reason = (result.stderr || result.error?.message || `exit code ${result.status}`).trim().split("\n").slice(-3).join(" ");
  return `webHosting needs the built page in ${outDir}, but building it failed (${reason}): run \`npm run orders:web:build\` to see why`;
}
