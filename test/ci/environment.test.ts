import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname } from "node:path";
import { Lazy, Testing, Tokenization } from "cdktf";

// test/environment.js: the jest environment every test file runs in.
test("records no token creation traces unless CDK_DEBUG is set; errors keep stacks mapped to TypeScript lines", () => {
  const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
  const debugging = (jest.requireActual("../../scripts/token-traces.cjs") as { KEEP_TOKEN_TRACES: boolean }).KEEP_TOKEN_TRACES;
  expect(token?.creationStack.length === 0).toBe(!debugging);
  const error = new Error("kept");
  expect(error.stack?.split("\n")[0]).toBe("Error: kept");
  expect(error.stack?.split("\n")[1]).toMatch(/environment\.test\.ts:11:\d+\)?$/);
});

test("cdktf's temporary folders are made in a folder of this file's own (removed when it ends), not left in the OS temp folder", () => {
  const app = Testing.app();
  expect(dirname(app.outdir)).not.toBe(tmpdir());
  expect(basename(dirname(app.outdir))).toMatch(/^claim-check-cdktf-/);
  expect(dirname(dirname(app.outdir))).toBe(tmpdir());
  expect(existsSync(app.outdir)).toBe(true);
});
