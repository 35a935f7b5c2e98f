import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DATA_VALUES, RESOURCE_ATTRIBUTES } from "../../security/support/sample-stack";
import { parseHcl } from "../../support/hcl";
import { moduleHarness, outputsOfCalls } from "../../support/module-harness";
import type { TerraformJson as Json } from "../../support/synth";

/** An hcl2json leaf back as HCL expression text. */
function toExpression(leaf: Json): string {
  if (typeof leaf !== "string") return JSON.stringify(leaf);
  if (leaf.startsWith("${") && closingBrace(leaf, 1) === leaf.length - 1) return leaf.slice(2, -1);
  return `"${leaf}"`;
}

/** Index of the brace closing the one at `open`. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

interface ResourceNames {
  readonly [address: string]: string;
}

/**
 * Replaces references to resources and data sources with the sample values the security tests use for
 * the CDKTF synth (the same table, fed the resource's own name expression), so both sides compare equal.
 * An instance of a counted resource exists only when its count is 1; indexing it otherwise fails (try -> null).
 */
function rewriter(names: ResourceNames, policies: ResourceNames, counts: ResourceNames) {
  const resourceValue = (type: string, name: string, indexed: string | undefined, attribute: string): string => {
    const address = `${type}.${name}`;
    if (attribute === "policy" && policies[address]) return `(${policies[address]})`;
    const nameTemplate = names[address] ? `\${${names[address]}}` : "";
    const value = RESOURCE_ATTRIBUTES[type]?.({ name: nameTemplate, bucket: nameTemplate })[attribute];
    if (value === undefined) throw new Error(`no sample value for ${address}.${attribute}`);
    const literal = `"${value}"`;
    return indexed && counts[address] ? `((${counts[address]}) > 0 ? ${literal} : null)` : literal;
  };
  return (expression: string): string =>
    expression
      .replace(/data\.(\w+)\.\w+\.(\w+)/g, (_m, type: string, attribute: string) => `"${DATA_VALUES[`${type}.${attribute}`]}"`)
      .replace(
        /\b(aws_[a-z0-9_]+)\.(\w+)(\[0\])?\.(\w+)\b/g,
        (_m, type: string, name: string, indexed: string | undefined, attribute: string) => resourceValue(type, name, indexed, attribute),
      );
}

// lifecycle is compared: prevent_destroy must survive the move to HCL (review 8, item 3).
const SKIPPED = new Set(["depends_on", "count", "for_each", "provider"]);

interface Leaf {
  readonly output: string;
  readonly path: (string | number)[];
}

/** A resource's outputs: its count, its number of for_each instances, and one per leaf. */
interface ResourceLeaves {
  readonly count?: string;
  readonly each?: string;
  readonly leaves: Leaf[];
}

/** Every resource of a generated module (keyed by address) and every output, as terraform evaluated them. */
export interface ModuleEvaluation {
  /** A resource with count 0 is absent, one with for_each is a list. */
  readonly resources: Record<string, Json>;
  readonly outputs: Record<string, Json>;
}

/** A module folder and the inputs to evaluate it with. */
export interface EvaluationCase {
  readonly moduleDir: string;
  readonly variables: Record<string, unknown>;
}

/** Evaluates the generated module for the given inputs: see {@link evaluateModules}. */
export async function evaluateModule(moduleDir: string, variables: Record<string, unknown>): Promise<ModuleEvaluation> {
  return (await evaluateModules([{ moduleDir, variables }]))[0];
}

/**
 * Every resource of each generated module and every output, evaluated by terraform for each case's inputs,
 * in the order given. All cases are calls in one root module: one terraform run evaluates them all.
 */
export async function evaluateModules(cases: readonly EvaluationCase[]): Promise<ModuleEvaluation[]> {
  const byDir = new Map<string, Promise<Evaluator>>();
  const evaluators = await Promise.all(
    cases.map(({ moduleDir }) => {
      if (!byDir.has(moduleDir)) byDir.set(moduleDir, evaluator(moduleDir));
      return byDir.get(moduleDir)!;
    }),
  );
  const call = (i: number) => `e${i}`;
  const root = moduleHarness(Object.fromEntries(cases.map(({ variables }, i) => [call(i), { files: evaluators[i].files, variables }])));
  try {
    const values = outputsOfCalls(root);
    return evaluators.map((evaluate, i) => evaluate.read(values[call(i)]));
  } finally {
    rmSync(root.dir, { recursive: true, force: true });
  }
}

/** A module rewritten as one output per leaf (its files), and the reader that puts the leaves back in place. */
interface Evaluator {
  readonly files: Record<string, string>;
  readonly read: (values: Record<string, Json>) => ModuleEvaluation;
}

async function evaluator(moduleDir: string): Promise<Evaluator> {
  const main = await parseHcl("main.tf", readFileSync(join(moduleDir, "main.tf"), "utf8"));
  const outputsTf = await parseHcl("outputs.tf", readFileSync(join(moduleDir, "outputs.tf"), "utf8"));
  const names: Record<string, string> = {};
  const policies: Record<string, string> = {};
  const counts: Record<string, string> = {};
  for (const [type, byName] of Object.entries(main.resource as Record<string, Record<string, Json[]>>)) {
    for (const [name, [body]] of Object.entries(byName)) {
      const nameLeaf = body.name ?? body.bucket;
      if (nameLeaf !== undefined) names[`${type}.${name}`] = toExpression(nameLeaf);
      if (body.policy !== undefined) policies[`${type}.${name}`] = toExpression(body.policy);
      if (body.count !== undefined) counts[`${type}.${name}`] = toExpression(body.count);
    }
  }
  const rewrite = rewriter(names, policies, counts);
  const outputs: string[] = [];
  const emit = (expression: string) => {
    const name = `o${outputs.length}`;
    outputs.push(`output "${name}" {\n  value = ${rewrite(expression)}\n}\n`);
    return name;
  };

  /** Emits one output per leaf; inside dynamic blocks and for_each, a list per leaf. */
  function walk(value: Json, path: (string | number)[], wrap: (e: string) => string, into: Leaf[]): void {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...path, i], wrap, into));
    if (value !== null && typeof value === "object") {
      // An empty block (filter {}) is a value of its own: scanners tell it from a missing block.
      if (Object.keys(value).length === 0) return void into.push({ output: emit(wrap("{}")), path });
      for (const [key, child] of Object.entries(value)) {
        if (SKIPPED.has(key)) continue;
        if (key === "dynamic") {
          for (const [blockName, dynamicBlocks] of Object.entries(child as Record<string, Json[]>)) {
            // Dynamic blocks come after the static blocks of the same name, and after the earlier dynamic ones.
            const staticBlocks = Array.isArray((value as Json)[blockName]) ? (value as Json)[blockName].length : 0;
            const earlierLengths: string[] = [];
            for (const dynamicBlock of dynamicBlocks) {
              const forEach = toExpression(dynamicBlock.for_each);
              const iterate = (e: string) =>
                wrap(`[for it in ${forEach} : ${e.replace(new RegExp(`\\b${blockName}\\.value\\b`, "g"), "it")}]`);
              const key = `dynamic:${blockName}:${staticBlocks}:${earlierLengths.join("+")}`;
              walk(dynamicBlock.content[0], [...path, key], iterate, into);
              earlierLengths.push(emit(wrap(`length(${forEach})`)));
            }
          }
          continue;
        }
        walk(child, [...path, key], wrap, into);
      }
      return;
    }
    into.push({ output: emit(wrap(toExpression(value))), path });
  }

  const resources: Record<string, ResourceLeaves> = {};
  for (const [type, byName] of Object.entries(main.resource as Record<string, Record<string, Json[]>>)) {
    for (const [name, [body]] of Object.entries(byName)) {
      const forEach = body.for_each === undefined ? undefined : toExpression(body.for_each);
      const wrap = forEach
        ? (e: string) => `[for each_value in tolist(${forEach}) : ${e.replace(/\beach\.value\b/g, "each_value")}]`
        : (e: string) => e;
      const entry = {
        count: body.count === undefined ? undefined : emit(toExpression(body.count)),
        each: forEach ? emit(`length(${forEach})`) : undefined,
        leaves: [] as Leaf[],
      };
      walk(body, [], wrap, entry.leaves);
      resources[`${type}.${name}`] = entry;
    }
  }
  const moduleOutputs: Record<string, string> = {};
  for (const [name, [body]] of Object.entries(outputsTf.output as Record<string, Json[]>))
    moduleOutputs[name] = emit(toExpression(body.value));

  const locals = Object.entries(main.locals.reduce((all: Json, block: Json) => ({ ...all, ...block }), {}))
    .map(([name, leaf]) => `  ${name} = ${rewrite(toExpression(leaf))}`)
    .join("\n");
  const files = {
    "variables.tf": readFileSync(join(moduleDir, "variables.tf"), "utf8"),
    "locals.tf": `locals {\n${locals}\n}\n`,
    "outputs.tf": outputs.join("\n"),
  };
  return { files, read: (values) => readEvaluation(resources, moduleOutputs, values) };
}

/** Puts each output's value back in its resource or module output. */
function readEvaluation(
  resources: Record<string, ResourceLeaves>,
  moduleOutputs: Record<string, string>,
  values: Record<string, Json>,
): ModuleEvaluation {
  const evaluated: Record<string, Json> = {};
  for (const [address, entry] of Object.entries(resources)) {
    if (entry.count !== undefined && values[entry.count] === 0) continue;
    const instances = entry.each === undefined ? 1 : (values[entry.each] as number);
    if (instances === 0) continue;
    const bodies: Json[] = Array.from({ length: instances }, () => ({}));
    // Static blocks first, so dynamic ones land after them.
    const ordered = [...entry.leaves].sort((a, b) => Number(a.path.some(isDynamic)) - Number(b.path.some(isDynamic)));
    for (const leaf of ordered) {
      const value = values[leaf.output];
      const instance = (v: Json, i: number) => (entry.each === undefined ? v : (v as Json[])[i]);
      bodies.forEach((body, i) => place(body, leaf.path, instance(value, i), (output) => instance(values[output], i) as number));
    }
    evaluated[address] = entry.each === undefined ? bodies[0] : bodies;
  }
  const evaluatedOutputs = Object.fromEntries(Object.entries(moduleOutputs).map(([name, output]) => [name, values[output]]));
  return { resources: evaluated, outputs: evaluatedOutputs };
}

const isDynamic = (key: string | number) => typeof key === "string" && key.startsWith("dynamic:");

/** Writes a leaf into a body; a dynamic block's list of values becomes that many blocks. */
function place(body: Json, path: (string | number)[], value: Json, valueOf: (output: string) => number): void {
  let node = body;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (typeof key === "string" && key.startsWith("dynamic:")) {
      const [, blockName, staticBlocks, earlier] = key.split(":");
      const offset = Number(staticBlocks) + (earlier ? earlier.split("+").reduce((sum, output) => sum + valueOf(output), 0) : 0);
      const rest = path.slice(i + 1);
      const blocks: Json[] = (node[blockName] ??= []);
      (value as Json[]).forEach((item, j) => {
        blocks[offset + j] ??= {};
        place(blocks[offset + j], rest, item, valueOf);
      });
      return;
    }
    node = node[key] ??= typeof path[i + 1] === "number" ? [] : {};
  }
  node[path[path.length - 1]] = value;
}
