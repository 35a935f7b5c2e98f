#!/usr/bin/env node
// Benchmark: `cdktf synth` of this project's stacks against a one-bucket JavaScript app, both through
// the same cdktf CLI, in paired runs (alternating order) in the same process, so machine load hits
// both alike. Prints each median and the ratio; the target is a ratio of at most 1.2. The project synth
// includes every stack main.ts registers (the claim-check and the orders stacks, listed in the output);
// the paired runs reuse the orders Lambda bundle cache (as repeated synths do), and one more run starts
// with an empty cache (a first synth, or after a handler change) to show what bundling costs.
// Usage: npm run bench:synth [-- <runs>]   (default 5 pairs)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const CLI = join(ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf");
const runs = Number(process.argv[2] ?? 5);

const BASELINE_APP = `
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket");
const app = new App();
const stack = new TerraformStack(app, "baseline");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new S3Bucket(stack, "bucket", { bucket: "baseline-bucket" });
app.synth();
`;

const work = mkdtempSync(join(tmpdir(), "claim-check-bench-synth-"));
const baseline = join(work, "baseline");
spawnSync("mkdir", ["-p", baseline]);
symlinkSync(join(ROOT, "node_modules"), join(baseline, "node_modules"), "dir");
writeFileSync(join(baseline, "app.js"), BASELINE_APP);
writeFileSync(
  join(baseline, "cdktf.json"),
  JSON.stringify({ language: "typescript", app: "node app.js", terraformProviders: [], sendCrashReports: "false" }),
);

const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };

/** Wall time of one `cdktf synth` in `cwd`, in seconds; throws with the CLI's output if it fails. */
function synth(cwd, output, extraEnv = {}) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, "synth", "--output", output], { cwd, env: { ...env, ...extraEnv }, encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`cdktf synth failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = { project: [], baseline: [] };
let stacks;
let cold;
try {
  synth(baseline, join(work, "warm-baseline")); // warm the file cache once for both
  synth(ROOT, join(work, "warm-project"));
  stacks = Object.keys(JSON.parse(readFileSync(join(work, "warm-project", "manifest.json"), "utf8")).stacks);
  for (let i = 0; i < runs; i += 1) {
    const order = i % 2 === 0 ? ["baseline", "project"] : ["project", "baseline"];
    for (const which of order) times[which].push(synth(which === "project" ? ROOT : baseline, join(work, `${which}-${i}`)));
  }
  cold = synth(ROOT, join(work, "project-cold"), { ORDERS_BUNDLE_CACHE: mkdtempSync(join(work, "empty-bundle-cache-")) });
} finally {
  rmSync(work, { recursive: true, force: true });
}

const project = median(times.project);
const base = median(times.baseline);
const pairRatios = times.project.map((t, i) => t / times.baseline[i]);
console.log(`cdktf synth, ${runs} paired runs (median):`);
console.log(`  one-bucket JavaScript app: ${base.toFixed(2)} s   [${times.baseline.map((t) => t.toFixed(2)).join(", ")}]`);
console.log(`  this project (main.ts):    ${project.toFixed(2)} s   [${times.project.map((t) => t.toFixed(2)).join(", ")}]`);
console.log(`    ${stacks.length} stacks: ${stacks.join(", ")}`);
console.log(
  `  ratio, all stacks incl. orders: ${(project / base).toFixed(2)}x (median of pair ratios ${median(pairRatios).toFixed(2)}x; target <= 1.20x)`,
);
console.log(`  one synth with an empty Lambda bundle cache: ${cold.toFixed(2)} s, ratio ${(cold / base).toFixed(2)}x`);
