/**
 * JSON as Terraform's `jsonencode` writes it (object keys sorted), so both renderers show a value alike;
 * NaN and the infinities are shown as such (JSON would show null).
 */
export function show(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) return `__non_finite_${v}__`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
  return json === undefined ? String(value) : json.replace(/"__non_finite_(-?Infinity|NaN)__"/g, "$1");
}
