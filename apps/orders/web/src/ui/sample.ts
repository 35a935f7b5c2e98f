import { InlineOrder } from "../client/contract";

/** A generated order big enough (about 250 KB) to travel through S3 rather than inline. */
export function sampleLargeOrder(): InlineOrder {
  const items = Array.from({ length: 2500 }, (_, i) => ({
    sku: `PART-${String(i + 1).padStart(5, "0")}`,
    quantity: 1 + (i % 3),
    unitPriceCents: 99 + (i % 50),
  }));
  return { customerName: "Sample wholesale customer", currency: "USD", note: "Generated in the browser by the orders page", items };
}
