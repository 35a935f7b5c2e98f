import { MODULE_ADDRESSES } from "../../../tools/registry-module/module";
import { resolveStack } from "../../security/support/sample-stack";
import { SynthesizedStack } from "../../support/synth";
import type { TerraformJson as Json } from "../../support/synth";

/** The comparison both parity tests use: the CDKTF synth and the evaluated module, in one shape. */

/** Same shape on both sides: blocks as lists, JSON strings parsed, nulls and empty lists dropped. */
export function normalize(value: Json): Json {
  if (typeof value === "string" && /^[[{]/.test(value)) {
    try {
      return normalize(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([key, v]) => !["//", "depends_on"].includes(key) && v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([key, v]) => [
        key,
        normalize(v !== null && typeof v === "object" && !Array.isArray(v) && key !== "tags" && !isJsonDocument(v) ? [v] : v),
      ]);
    return Object.fromEntries(entries.sort(([a], [b]) => String(a).localeCompare(String(b))));
  }
  return value;
}
const isJsonDocument = (v: Json) => "Version" in v || "Statement" in v;

/** A CDKTF synth, resolved with the sample values, keyed by the module's addresses. */
export function resourcesByModuleAddress(synthesized: SynthesizedStack) {
  const stack = resolveStack(synthesized);
  const resources: Record<string, Json> = {};
  for (const [type, byLogicalId] of Object.entries(stack.resource)) {
    for (const [logicalId, body] of Object.entries(byLogicalId)) {
      const constructId = /^ClaimCheck_(.+)_[0-9A-F]{8}$/.exec(logicalId)![1];
      const key = (Object.keys(MODULE_ADDRESSES) as (keyof typeof MODULE_ADDRESSES)[]).find((id) => constructId === id)!;
      const address = MODULE_ADDRESSES[key];
      expect(address.startsWith(`${type}.`)).toBe(true);
      resources[address] = body.for_each === undefined ? body : expandForEach(body);
    }
  }
  const outputs = Object.fromEntries(Object.entries(stack.output ?? {}).map(([name, o]) => [name, o.value]));
  return { resources, outputs };
}

/** A `for_each` over a literal map as one body per value, the way the module's evaluation lists them. */
function expandForEach(body: Json): Json[] {
  const { for_each: forEach, ...rest } = body;
  const values: string[] = Object.values(forEach as Record<string, string>);
  return values.map((value) => JSON.parse(JSON.stringify(rest).replace(/\$\{each\.value\}/g, value)));
}
