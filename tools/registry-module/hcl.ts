/**
 * A small HCL writer that emits what `terraform fmt` would: two-space indents, and `=` aligned across
 * each run of consecutive single-line attributes (a blank line, a block or a multi-line value ends a run).
 */

/** A raw HCL expression, written as is (`var.name`, `concat(...)`). */
export class Expr {
  constructor(readonly text: string) {}
}
export const expr = (text: string): Expr => new Expr(text);

export type HclValue = string | number | boolean | null | Expr | readonly HclValue[] | { readonly [key: string]: HclValue };

export type BodyItem =
  | { readonly kind: "attribute"; readonly name: string; readonly value: HclValue }
  | { readonly kind: "block"; readonly type: string; readonly labels: readonly string[]; readonly body: readonly BodyItem[] }
  | { readonly kind: "blank" };

export const attr = (name: string, value: HclValue): BodyItem => ({ kind: "attribute", name, value });
export const block = (type: string, labels: readonly string[], body: readonly BodyItem[]): BodyItem => ({
  kind: "block",
  type,
  labels,
  body,
});
export const blank: BodyItem = { kind: "blank" };

const INDENT = "  ";
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A string that is one interpolation and nothing else is written as the bare expression. */
const SINGLE_INTERPOLATION = /^\$\{([^{}]*(\{[^{}]*\}[^{}]*)*)\}$/;

/** Backslashes, quotes and newlines as HCL string escapes. */
const escapeLiteral = (text: string): string => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** A literal HCL string: escapes quotes and backslashes, and `${` so nothing is interpolated. */
export function quote(text: string): string {
  return `"${escapeLiteral(text).replace(/\$\{/g, "$${")}"`;
}

function renderString(text: string): string {
  const single = SINGLE_INTERPOLATION.exec(text);
  if (single && !single[1].includes("${")) return single[1];
  // Interpolations stay live; everything else is escaped.
  return `"${text
    .split(/(\$\{[^}]*\})/)
    .map((part, i) => (i % 2 === 1 ? part : escapeLiteral(part)))
    .join("")}"`;
}

const objectKey = (key: string): string => (IDENTIFIER.test(key) ? key : quote(key));

const isScalar = (value: HclValue): boolean =>
  value === null || ["string", "number", "boolean"].includes(typeof value) || value instanceof Expr;

/** Renders a value; `depth` is the indent level of the line the value starts on. */
export function renderValue(value: HclValue, depth: number): string {
  if (value === null) return "null";
  if (value instanceof Expr) return value.text;
  if (typeof value === "string") return renderString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items = value as readonly HclValue[];
    if (items.length === 0) return "[]";
    if (items.every(isScalar)) {
      const oneLine = `[${items.map((v) => renderValue(v, depth)).join(", ")}]`;
      if (oneLine.length <= 100) return oneLine;
    }
    return `[\n${items.map((v) => `${pad}${renderValue(v, depth + 1)},`).join("\n")}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, HclValue>);
  if (entries.length === 0) return "{}";
  const lines = renderAttributes(
    entries.map(([k, v]) => ({ name: objectKey(k), value: v })),
    depth + 1,
  );
  return `{\n${lines.join("\n")}\n${close}}`;
}

/** Attributes at one indent level, `=` aligned across runs of single-line attributes. */
function renderAttributes(items: readonly { name: string; value: HclValue }[], depth: number): string[] {
  const rendered = items.map(({ name, value }) => ({ name, text: renderValue(value, depth) }));
  const lines: string[] = [];
  let run: { name: string; text: string }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((r) => r.name.length));
    for (const r of run) lines.push(`${INDENT.repeat(depth)}${r.name.padEnd(width)} = ${r.text}`);
    run = [];
  };
  for (const r of rendered) {
    if (r.text.includes("\n")) {
      if (run.length > 0) flush();
      lines.push(`${INDENT.repeat(depth)}${r.name} = ${r.text}`);
    } else {
      run.push(r);
    }
  }
  if (run.length > 0) flush();
  return lines;
}

export function renderBody(items: readonly BodyItem[], depth: number): string[] {
  const lines: string[] = [];
  let attributes: { name: string; value: HclValue }[] = [];
  const flush = () => {
    if (attributes.length > 0) lines.push(...renderAttributes(attributes, depth));
    attributes = [];
  };
  for (const item of items) {
    if (item.kind === "attribute") {
      attributes.push({ name: item.name, value: item.value });
      continue;
    }
    flush();
    if (item.kind === "blank") {
      lines.push("");
      continue;
    }
    const header = [item.type, ...item.labels.map(quote)].join(" ");
    if (item.body.length === 0) {
      lines.push(`${INDENT.repeat(depth)}${header} {}`);
      continue;
    }
    lines.push(`${INDENT.repeat(depth)}${header} {`, ...renderBody(item.body, depth + 1), `${INDENT.repeat(depth)}}`);
  }
  flush();
  return lines;
}

/** A whole file: top-level blocks separated by one blank line. */
export function renderFile(blocks: readonly BodyItem[], header?: string): string {
  const parts = blocks.map((b) => renderBody([b], 0).join("\n"));
  return `${header ? `${header}\n\n` : ""}${parts.join("\n\n")}\n`;
}
