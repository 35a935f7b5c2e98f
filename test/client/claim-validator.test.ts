import Ajv from "ajv";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import compiledValidator from "../../client/claim-message.validator";
import { AJV_OPTIONS, SCHEMA_FILE, VALIDATOR_FILE, validatorSource } from "../../tools/claim-validator/generate";
import wireFormats from "./fixtures/wire-formats.json";

// client/claim-message.validator.ts: the claim schema compiled ahead of time by ajv (tools/claim-validator).
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object;

test("is what `npm run build:validator` writes for the schema as committed (run it after editing the schema)", () => {
  expect(readFileSync(VALIDATOR_FILE, "utf8")).toBe(validatorSource(schema));
});

describe("accepts and rejects exactly as ajv compiling the schema at run time, with the same errors", () => {
  const atRunTime = new Ajv(AJV_OPTIONS).compile(schema);
  const verdict = (validate: (value: unknown) => boolean, value: unknown) => {
    const valid = validate(value);
    return { valid, errors: (validate as unknown as { errors?: unknown }).errors ?? null };
  };
  const sameAsRunTime = (value: unknown) => expect(verdict(compiledValidator, value)).toEqual(verdict(atRunTime, value));

  const s3Claim = {
    schema_version: "1.0",
    s3_bucket: "orders-payloads",
    s3_key: "payloads/2026/a.json",
    size: 12,
    sha256: "a".repeat(64),
    content_type: "application/json",
    metadata: { submitted_by: "orders", timestamp: "2026-11-21T10:00:00Z" },
  };
  const inlineClaim = { ...s3Claim, s3_bucket: undefined, s3_key: undefined, inline: { encoding: "base64", data: "e30=" } };

  test.each([
    ["a claim written by this producer", s3Claim],
    ["an inline claim", JSON.parse(JSON.stringify(inlineClaim))],
    ["the source document's message", JSON.parse(wireFormats.seed.body)],
    [
      "an inline claim without size and sha256, its data not base64",
      { ...JSON.parse(JSON.stringify(inlineClaim)), size: undefined, sha256: undefined, inline: { encoding: "base64", data: "###" } },
    ],
    ["a claim with both a key and an inline payload", { ...s3Claim, inline: inlineClaim.inline }],
    ["an empty object", {}],
    ["a string", "claim"],
  ])("%s", (_name, value) => sameAsRunTime(value));

  test("any claim with fields replaced by arbitrary JSON, or removed", () => {
    const fields = Object.keys(s3Claim);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields, "extra", "inline"), fc.option(fc.jsonValue(), { nil: undefined })), (changes) =>
        sameAsRunTime(JSON.parse(JSON.stringify({ ...s3Claim, ...changes }))),
      ),
      { numRuns: 300 },
    );
  });
});
