#!/usr/bin/env node
// Benchmark: bundling the 13 orders Lambda handlers at synth. Baseline: one esbuild build per handler
// (how synth bundled before). Compared, in alternating rounds in this process: one build with every
// entry point (a first synth), and a synth that finds the bundles in the content-hash cache.
// Usage: npm run bench:bundles [-- <rounds>]   (default 3)
require("../ts-run.cjs"); // registers .ts files
const { buildSync } = require("esbuild");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { bundleHandlers, FUNCTIONS, FUNCTIONS_DIR } = require("../../modules/orders");

const rounds = Number(process.argv[2] ?? 3);
const modules = Object.values(FUNCTIONS).map((f) => f.module);
const work = mkdtempSync(join(tmpdir(), "orders-bench-bundles-"));
const OPTIONS = { bundle: true, platform: "node", target: "node22", format: "cjs", minify: true, legalComments: "none", logLevel: "error" };
const seconds = (fn) => {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const times = { perHandler: [], oneBuild: [], cached: [] };
try {
  for (let i = 0; i < rounds; i += 1) {
    times.perHandler.push(
      seconds(() => {
        for (const m of modules)
          buildSync({ ...OPTIONS, entryPoints: [join(FUNCTIONS_DIR, `${m}.ts`)], outfile: join(work, `per-${i}`, m, "index.js") });
      }),
    );
    const cacheRoot = join(work, `cache-${i}`);
    times.oneBuild.push(seconds(() => bundleHandlers({ functionsDir: FUNCTIONS_DIR, modules, cacheRoot })));
    times.cached.push(seconds(() => bundleHandlers({ functionsDir: FUNCTIONS_DIR, modules, cacheRoot })));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const base = median(times.perHandler);
const show = (label, values) =>
  console.log(
    `  ${label.padEnd(38)} ${median(values).toFixed(2)} s  ratio ${(median(values) / base).toFixed(3)}x  [${values.map((t) => t.toFixed(2)).join(", ")}]`,
  );
console.log(`bundling ${modules.length} orders handlers, ${rounds} rounds (median):`);
show("one build per handler (before):", times.perHandler);
show("one build, all entry points (cold):", times.oneBuild);
show("content-hash cache hit (warm):", times.cached);
