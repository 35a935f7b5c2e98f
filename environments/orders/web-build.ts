import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildWeb } from "../../apps/orders/web/build";

const built = new Set<string>();

/**
 * Builds the web page into `outDir` with the same esbuild build as `npm run orders:web:build`. Returns why
 * it failed, naming the command to run by hand, or undefined.
 */
export function buildWebPageSync(outDir: string): string | undefined {
  // Every orders stack with web hosting shares the page: built once per synth, not once per stack.
  if (built.has(outDir) && existsSync(join(outDir, "index.html"))) return undefined;
  try {
    buildWeb({ outDir });
    return void built.add(outDir);
  } catch (error) {
    const reason = String((error as Error).message)
      .trim()
      .split("\n")
      .slice(-3)
      .join(" ");
    return `webHosting needs the built page in ${outDir}, but building it failed (${reason}): run \`npm run orders:web:build\` to see why`;
  }
}
