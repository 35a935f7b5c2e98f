import { parse } from "@cdktf/hcl2json";
import type { TerraformJson as Json } from "./synth";

const parsed = new Map<string, Promise<Json>>();

/**
 * hcl2json's parse, run once per file name and content in a test file: one parse of the module's main.tf
 * costs about 0.1 s of CPU, and tests read the same files again and again. The result is shared, so it is
 * frozen: a test that changed it would change what the next one reads.
 */
export function parseHcl(filename: string, content: string): Promise<Json> {
  const key = `${filename}\0${content}`;
  let result = parsed.get(key);
  if (result === undefined) {
    result = parse(filename, content).then(deepFreeze);
    parsed.set(key, result);
  }
  return result;
}

function deepFreeze(value: Json): Json {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
