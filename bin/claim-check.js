#!/usr/bin/env node
// `npx claim-check`: runs the compiled CLI when the package is built (dist/, as published), else the
// TypeScript source through scripts/ts-run.cjs (a fresh clone of the repository, after `npm ci`).
// CLAIM_CHECK_CLI_FROM_SOURCE=1 runs the source even when dist/ exists (it may be stale in a clone).
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS shim: it must run before any build */
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const compiled = join(root, "dist", "client", "cli.js");
if (existsSync(compiled) && process.env.CLAIM_CHECK_CLI_FROM_SOURCE !== "1") {
  require(compiled).main();
} else {
  require(join(root, "scripts", "ts-run.cjs")); // registers .ts files (esbuild, no type-check)
  require(join(root, "client", "cli.ts")).main();
}
