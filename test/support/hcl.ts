import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, writeAtomic } from "../../scripts/cache-dir.cjs";
import type { TerraformJson as Json } from "./synth";

/** Parsed files, shared by every test file and worker: a parse is a pure function of the parser and the text. */
const CACHE = cacheDir("hcl2json");
const PARSER_VERSION: string = JSON.parse(readFileSync(require.resolve("@cdktf/hcl2json/package.json"), "utf8")).version;

const parsed = new Map<string, Promise<Json>>();

/**
 * hcl2json's parse, run once per parser version, file name and content: loading the parser (a Go WebAssembly
 * module) costs about 0.4 s of CPU in each test file and one parse of the module's main.tf about 0.1 s, and
 * the tests read the same files again and again, in several test files. Results are kept in a folder keyed
 * by a hash of those three (a file that fails to parse is never kept, so it fails every time). The result
 * is shared, so it is frozen: a test that changed it would change what the next one reads.
 */
export function parseHcl(filename: string, content: string): Promise<Json> {
  const key = createHash("sha256").update(`${PARSER_VERSION}\0${filename}\0${content}`).digest("hex").slice(0, 32);
  let result = parsed.get(key);
  if (result === undefined) {
    result = cachedParse(key, filename, content).then(deepFreeze);
    parsed.set(key, result);
  }
  return result;
}

async function cachedParse(key: string, filename: string, content: string): Promise<Json> {
  const file = join(CACHE, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // not parsed yet (or being written by another worker: it renames the file into place when complete)
  }
  // Loaded here, not at the top: the parser's WebAssembly is compiled as soon as its module loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require("@cdktf/hcl2json") as typeof import("@cdktf/hcl2json");
  const json = await parse(filename, content);
  writeAtomic(file, JSON.stringify(json));
  return json;
}

function deepFreeze(value: Json): Json {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
