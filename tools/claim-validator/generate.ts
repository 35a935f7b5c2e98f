// Writes client/claim-message.validator.ts: the claim schema (client/claim-message.schema.json) compiled by
// ajv ahead of time (ajv's standalone code), so no process compiles it at start-up: the consumer, the CLI, each
// Lambda and each test file that loads the client (compiling took about 50 ms, ajv's own modules included).
// `npm run build:validator` writes it; test/client/claim-validator.test.ts fails while it is out of date.
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CLIENT = join(__dirname, "..", "..", "client");
export const SCHEMA_FILE = join(CLIENT, "claim-message.schema.json");
export const VALIDATOR_FILE = join(CLIENT, "claim-message.validator.ts");

/** The ajv options of the claim validator: every error at once (each is reported), unknown keywords allowed. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

const HEADER = `// Generated from claim-message.schema.json by \`npm run build:validator\` (tools/claim-validator). Do not edit.
// ajv's standalone code: what \`new Ajv(${JSON.stringify(AJV_OPTIONS).replace(/"/g, "")}).compile(schema)\` would build at run time.
// @ts-nocheck
`;

/** The validator module's text for a schema. */
export function validatorSource(schema: object): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  // ajv writes its run-time helpers as require() calls even in ES module output: make them imports.
  const imports: string[] = [];
  const body = code.replace(/const (\w+) = require\("([^"]+)"\)\.default;/g, (_match, name: string, module: string) => {
    imports.push(`import ${name} from ${JSON.stringify(module)};`);
    return "";
  });
  // Anything else ajv might require (a helper written another way) would go unnoticed by tsc: refuse it.
  if (/\brequire\(/.test(body))
    throw new Error(`ajv's standalone code requires a module this generator does not import: ${body.match(/require\([^)]*\)/)![0]}`);
  return `${HEADER}${imports.join("\n")}\n${body.replace(/^"use strict";/, "")}\n`;
}

if (require.main === module) {
  writeFileSync(VALIDATOR_FILE, validatorSource(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))));
  process.stdout.write(`wrote ${VALIDATOR_FILE}\n`);
}
