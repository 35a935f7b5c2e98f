#!/usr/bin/env node
// Runs package.json scripts side by side, each to its end: `npm test` (tsc, ESLint, Prettier, jest) and
// `npm run lint`. Each script's command is read from package.json (its one home) and started directly with
// node_modules/.bin on PATH, as `npm run` would start it, but without an npm process per script: on 2 cores
// those cost about 2 CPU-seconds, a second of the test run. Fails when any script failed, naming each.
// Usage: node scripts/run-parallel.mjs <script> [<script>...]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const names = process.argv.slice(2);
const unknown = names.filter((name) => typeof scripts[name] !== "string");
if (names.length === 0 || unknown.length > 0) {
  console.error(`run-parallel: give the names of package.json scripts${unknown.length ? `; not scripts: ${unknown.join(", ")}` : ""}`);
  process.exit(2);
}

const env = { ...process.env, PATH: `${join(ROOT, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}` };
const run = (name) =>
  new Promise((resolve) => {
    const child = spawn(scripts[name], { cwd: ROOT, env, shell: true, stdio: "inherit" });
    child.on("error", (error) => resolve({ name, failure: error.message }));
    child.on("exit", (code, signal) =>
      resolve({ name, failure: code === 0 ? undefined : signal ? `killed by ${signal}` : `exit code ${code}` }),
    );
  });

const failed = (await Promise.all(names.map(run))).filter((result) => result.failure !== undefined);
for (const { name, failure } of failed) console.error(`run-parallel: ${name} failed (${failure})`);
process.exit(failed.length === 0 ? 0 : 1);
