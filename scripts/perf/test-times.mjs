#!/usr/bin/env node
// Runs the jest suite once and prints each test file's time, slowest first, with the wall time of
// the whole run. Extra arguments go to jest: npm run test:times -- test/client
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(new URL(".", import.meta.url).pathname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "claim-check-test-times-"));
const report = join(work, "jest.json");
const start = performance.now();
const run = spawnSync(
  process.execPath,
  [join(ROOT, "node_modules/jest/bin/jest.js"), "--json", `--outputFile=${report}`, ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  },
);
const wall = (performance.now() - start) / 1000;
try {
  const { testResults, numTotalTests } = JSON.parse(readFileSync(report, "utf8"));
  const rows = testResults
    .map((file) => ({
      file: relative(ROOT, file.name),
      seconds: (file.endTime - file.startTime) / 1000,
      tests: file.assertionResults.length,
      status: file.status,
    }))
    .sort((a, b) => b.seconds - a.seconds);
  console.log("\nseconds  tests  status  file");
  for (const row of rows)
    console.log(`${row.seconds.toFixed(2).padStart(7)}  ${String(row.tests).padStart(5)}  ${row.status.padEnd(6)}  ${row.file}`);
  const summed = rows.reduce((sum, row) => sum + row.seconds, 0);
  console.log(
    `\n${rows.length} files, ${numTotalTests} tests: ${wall.toFixed(1)} s wall, ${summed.toFixed(1)} s summed over files (jest workers run files in parallel)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(run.status ?? 1);
