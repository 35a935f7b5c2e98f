#!/usr/bin/env node
// Runs the jest suite once and prints each test file's wall and CPU time (the CPU of the worker running it
// plus the child processes it started: npm, tsc, terraform, Chromium...), slowest first, with the wall and
// CPU time of the whole run. On 2 cores the suite is CPU-bound, so CPU is the figure to cut.
// Extra arguments go to jest: npm run test:times -- test/client
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import procCpu from "./proc-cpu.cjs";

const { procCpuSeconds } = procCpu;

const ROOT = join(new URL(".", import.meta.url).pathname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "claim-check-test-times-"));
const report = join(work, "jest.json");
const cpuLog = join(work, "cpu.jsonl");

const start = performance.now();
const run = spawnSync(
  process.execPath,
  [join(ROOT, "node_modules/jest/bin/jest.js"), "--json", `--outputFile=${report}`, ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CLAIM_CHECK_TEST_CPU_LOG: cpuLog }, // read by test/environment.js
  },
);
const wall = (performance.now() - start) / 1000;
const cpu = procCpuSeconds({ children: true });
try {
  const { testResults, numTotalTests } = JSON.parse(readFileSync(report, "utf8"));
  const cpuOf = new Map(
    existsSync(cpuLog)
      ? readFileSync(cpuLog, "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line))
          .map((entry) => [entry.file, entry.cpu])
      : [],
  );
  const rows = testResults
    .map((file) => ({
      file: relative(ROOT, file.name),
      seconds: (file.endTime - file.startTime) / 1000,
      cpu: cpuOf.get(file.name),
      tests: file.assertionResults.length,
      status: file.status,
    }))
    .sort((a, b) => (b.cpu ?? b.seconds) - (a.cpu ?? a.seconds));
  console.log("\n   wall     cpu  tests  status  file");
  for (const row of rows) {
    const cpuText = row.cpu === undefined ? "-" : row.cpu.toFixed(2);
    console.log(
      `${row.seconds.toFixed(2).padStart(7)} ${cpuText.padStart(7)}  ${String(row.tests).padStart(5)}  ${row.status.padEnd(6)}  ${row.file}`,
    );
  }
  const summed = (key) => rows.reduce((sum, row) => sum + (row[key] ?? 0), 0);
  console.log(
    `\n${rows.length} files, ${numTotalTests} tests: ${wall.toFixed(1)} s wall, ${cpu === undefined ? "?" : cpu.toFixed(1)} s CPU in all` +
      ` (${summed("cpu").toFixed(1)} s in test files; the rest is jest itself, its workers' start and the shared emulator);` +
      ` ${summed("seconds").toFixed(1)} s of wall summed over files (jest workers run files in parallel)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(run.status ?? 1);
