import { dollarsToCents, formatCents, sha256Hex, totalCents, validateOrder } from "../../apps/orders/web/src/client/order-input";
import { createHash } from "node:crypto";

describe("validateOrder (shared by the page and the CLI)", () => {
  it("accepts an order of the contract's inline shape", () => {
    const order = {
      customerName: "Ada",
      items: [{ sku: "BOOK-1", quantity: 2, unitPriceCents: 1250 }],
      currency: "USD",
      simulate: "decline",
    };
    expect(validateOrder(order)).toEqual({ order, problems: [] });
  });

  it("reports every problem at once, each naming the field and the bad value", () => {
    const { order, problems } = validateOrder({
      items: [
        { sku: "", quantity: 0, unitPriceCents: 12.5 },
        { sku: "OK", quantity: "3", unitPriceCents: -1 },
      ],
      currency: "EUR",
      simulate: "explode",
      note: 42,
    });
    expect(order).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([
      "note must be text, but 42 was given",
      'currency must be "USD", but "EUR" was given',
      'simulate must be one of "decline", "gateway-timeout", but "explode" was given',
      'items[0].sku must be a non-empty text of at most 64 characters, but "" was given',
      "items[0].quantity must be a whole number from 1 to 1,000,000, but 0 was given",
      "items[0].unitPriceCents must be a whole number of cents, 0 or more, but 12.5 was given",
      'items[1].quantity must be a whole number from 1 to 1,000,000, but "3" was given',
      "items[1].unitPriceCents must be a whole number of cents, 0 or more, but -1 was given",
    ]);
    expect(problems.map((p) => p.field)).toContain("items[1].unitPriceCents");
  });

  it("names a missing or empty item list and a non-object order", () => {
    expect(validateOrder({ itmes: [] }).problems).toEqual([
      { field: "items", message: "items must be a list of 1 to 10,000 items, but nothing was given" },
    ]);
    expect(validateOrder({ items: [] }).problems[0].message).toBe("items must be a list of 1 to 10,000 items, but [] was given");
    expect(validateOrder([1]).problems[0].message).toBe("an order must be a JSON object, but [1] was given");
  });

  it("applies the API's bounds: name, number of items, SKU length, quantity", () => {
    const item = { sku: "S", quantity: 1, unitPriceCents: 1 };
    const messages = (order: object) => validateOrder(order).problems.map((p) => p.message);
    expect(messages({ customerName: "n".repeat(201), items: [{ ...item, sku: "s".repeat(65), quantity: 1_000_001 }] })).toEqual([
      `customerName must be text of at most 200 characters, but "${"n".repeat(56)}... was given`,
      `items[0].sku must be a non-empty text of at most 64 characters, but "${"s".repeat(56)}... was given`,
      "items[0].quantity must be a whole number from 1 to 1,000,000, but 1000001 was given",
    ]);
    expect(messages({ items: Array(10_001).fill(item) })).toEqual([
      "items must be a list of 1 to 10,000 items, but 10001 items were given",
    ]);
    expect(
      messages({ customerName: "n".repeat(200), items: Array(10_000).fill({ ...item, sku: "s".repeat(64), quantity: 1_000_000 }) }),
    ).toEqual([]);
  });

  it("shortens long bad values so a message stays one line", () => {
    const message = validateOrder({ items: [{ sku: "x", quantity: 1, unitPriceCents: "y".repeat(500) }] }).problems[0].message;
    // The value is cut to 60 characters: the opening quote, 56 characters and an ellipsis.
    expect(message).toBe(`items[0].unitPriceCents must be a whole number of cents, 0 or more, but "${"y".repeat(56)}... was given`);
  });
});

describe("money and hashing helpers", () => {
  it("parses dollars typed in a form into cents, and refuses what is not an amount", () => {
    expect(["12", "12.5", "12.50", "$0.99", " 7 "].map(dollarsToCents)).toEqual([1200, 1250, 1250, 99, 700]);
    expect(["", "abc", "1.234", "-3", "1e3"].map(dollarsToCents)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("totals and formats an order", () => {
    const total = totalCents({
      items: [
        { sku: "a", quantity: 3, unitPriceCents: 1250 },
        { sku: "b", quantity: 1, unitPriceCents: 1 },
      ],
    });
    expect(total).toBe(3751);
    expect(formatCents(total)).toBe("$37.51");
    expect(formatCents(100_000_000)).toBe("$1,000,000.00");
  });

  it("computes the same SHA-256 with WebCrypto as node:crypto", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ items: [{ sku: "é", quantity: 1, unitPriceCents: 1 }] }));
    expect(await sha256Hex(bytes.buffer as ArrayBuffer)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});
