import { Lazy, Tokenization } from "cdktf";

// test/environment.js: the jest environment every test file runs in.
test("records no token creation traces unless CDK_DEBUG is set; errors keep stacks mapped to TypeScript lines", () => {
  const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
  const debugging = ["true", "1"].includes(process.env.CDK_DEBUG ?? "");
  expect(token?.creationStack.length === 0).toBe(!debugging);
  const error = new Error("kept");
  expect(error.stack?.split("\n")[0]).toBe("Error: kept");
  expect(error.stack?.split("\n")[1]).toMatch(/environment\.test\.ts:8:\d+\)?$/);
});
