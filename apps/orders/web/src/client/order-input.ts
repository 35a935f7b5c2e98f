import { InlineOrder, Problem } from "./contract";

/** Shows a value the way the user typed or wrote it, short enough for one line. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const SIMULATIONS = ["decline", "gateway-timeout"];
/** The API's bounds (docs/orders.md), checked here too so a person hears about them before any upload. */
export const ORDER_LIMITS = { customerName: 200, items: 10_000, sku: 64, quantity: 1_000_000 } as const;

/**
 * Checks an order against the contract's inline shape and returns every problem at once, each naming
 * the field and the bad value, so the page and the CLI can refuse bad input before any request.
 */
export function validateOrder(input: unknown): { order?: InlineOrder; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message: `${field} ${message}` });
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { problems: [{ field: "(order)", message: `an order must be a JSON object, but ${shown(input)} was given` }] };
  }
  const order = input as Record<string, unknown>;
  const { customerName, note } = order;
  if (customerName !== undefined && (typeof customerName !== "string" || customerName.length > ORDER_LIMITS.customerName)) {
    problem("customerName", `must be text of at most ${ORDER_LIMITS.customerName} characters, but ${shown(customerName)} was given`);
  }
  if (note !== undefined && typeof note !== "string") problem("note", `must be text, but ${shown(note)} was given`);
  if (order.currency !== undefined && order.currency !== "USD")
    problem("currency", `must be "USD", but ${shown(order.currency)} was given`);
  if (order.simulate !== undefined && !SIMULATIONS.includes(order.simulate as string)) {
    problem("simulate", `must be one of ${SIMULATIONS.map((s) => `"${s}"`).join(", ")}, but ${shown(order.simulate)} was given`);
  }
  const items = order.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > ORDER_LIMITS.items) {
    const what = Array.isArray(items) && items.length > 0 ? `${items.length} items` : shown(items);
    problem(
      "items",
      `must be a list of 1 to ${ORDER_LIMITS.items.toLocaleString("en-US")} items, but ${what} ${Array.isArray(items) && items.length > 0 ? "were" : "was"} given`,
    );
  } else {
    items.forEach((item: unknown, i) => {
      const at = `items[${i}]`;
      if (typeof item !== "object" || item === null) {
        problem(at, `must be an object with sku, quantity and unitPriceCents, but ${shown(item)} was given`);
        return;
      }
      const { sku, quantity, unitPriceCents } = item as Record<string, unknown>;
      if (typeof sku !== "string" || sku.trim() === "" || sku.length > ORDER_LIMITS.sku) {
        problem(`${at}.sku`, `must be a non-empty text of at most ${ORDER_LIMITS.sku} characters, but ${shown(sku)} was given`);
      }
      if (!Number.isSafeInteger(quantity) || (quantity as number) < 1 || (quantity as number) > ORDER_LIMITS.quantity) {
        problem(`${at}.quantity`, `must be a whole number from 1 to 1,000,000, but ${shown(quantity)} was given`);
      }
      if (!Number.isSafeInteger(unitPriceCents) || (unitPriceCents as number) < 0) {
        problem(`${at}.unitPriceCents`, `must be a whole number of cents, 0 or more, but ${shown(unitPriceCents)} was given`);
      }
    });
  }
  return problems.length > 0 ? { problems } : { order: order as unknown as InlineOrder, problems };
}

/** The order's total in cents (what the simulated payment compares with its limit). */
export const totalCents = (order: InlineOrder): number => order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);

/** Formats cents as US dollars, e.g. 123456 -> "$1,234.56". */
export const formatCents = (cents: number): string =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

/** Parses a price typed in dollars ("12", "12.5", "12.50") into cents; undefined when it is not one. */
export function dollarsToCents(text: string): number | undefined {
  const match = /^\s*\$?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** Lowercase hex SHA-256 of bytes, with WebCrypto (browsers, and Node's globalThis.crypto). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
