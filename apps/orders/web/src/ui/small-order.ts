/// <reference lib="dom" />
import { InlineOrder, OrderItem } from "../client/contract";
import { dollarsToCents, formatCents, ORDER_LIMITS, totalCents } from "../client/order-input";
import { byId, el, FormProblem } from "./dom";

let nextRow = 0;

/** The item rows of the small order form: add, remove, and a running total. */
export class ItemRows {
  private readonly container = byId("item-rows");

  constructor(private readonly onChange: () => void) {
    byId("add-item").addEventListener("click", () => this.add({ sku: "", quantity: "1", price: "" }, true));
    this.container.addEventListener("input", () => this.onChange());
  }

  add(values: { sku: string; quantity: string; price: string }, focus = false): void {
    const n = nextRow++;
    const input = (field: string, label: string, value: string, extra: Record<string, string>) =>
      el(
        "div",
        { class: `field ${field}` },
        el("label", { for: `item-${n}-${field}` }, label),
        el("input", { id: `item-${n}-${field}`, name: field, value, ...extra }),
      );
    const row = el(
      "div",
      { class: "item-row", "data-row": String(n) },
      input("sku", "SKU", values.sku, { autocomplete: "off", maxlength: "64" }),
      input("quantity", "Quantity", values.quantity, { inputmode: "numeric" }),
      input("price", "Unit price (USD)", values.price, { inputmode: "decimal", placeholder: "12.50" }),
    );
    const remove = el("button", { type: "button", class: "secondary remove" }, "Remove");
    remove.addEventListener("click", () => {
      if (this.rows().length === 1) return;
      row.remove();
      this.renumber();
      this.onChange();
      (this.container.querySelector("input") as HTMLInputElement | null)?.focus();
    });
    row.append(remove);
    this.container.append(row);
    this.renumber();
    this.onChange();
    if (focus) (row.querySelector("input") as HTMLInputElement).focus();
  }

  rows(): HTMLElement[] {
    return Array.from(this.container.querySelectorAll<HTMLElement>(".item-row"));
  }

  /** Input id of the n-th visible row's field, for mapping the API's "items[n].quantity" onto the form. */
  inputId(index: number, field: "sku" | "quantity" | "price"): string | undefined {
    const row = this.rows()[index];
    return row ? `item-${row.dataset.row}-${field}` : undefined;
  }

  private renumber(): void {
    this.rows().forEach((row, i) => {
      const remove = row.querySelector("button.remove") as HTMLButtonElement;
      remove.setAttribute("aria-label", `Remove item ${i + 1}`);
      remove.disabled = this.rows().length === 1;
    });
  }
}

/**
 * Reads the small order form into an order, or returns every problem at once, each naming the field
 * (as its label reads) and the value typed.
 */
export function readSmallOrder(rows: ItemRows): { order?: InlineOrder; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const items: OrderItem[] = [];
  rows.rows().forEach((row, i) => {
    const id = (field: string) => `item-${row.dataset.row}-${field}`;
    const value = (field: string) => (document.getElementById(id(field)) as HTMLInputElement).value.trim();
    const [sku, quantityText, priceText] = [value("sku"), value("quantity"), value("price")];
    const name = `Item ${i + 1}`;
    if (!sku) problems.push({ inputId: id("sku"), message: `${name}: enter a SKU (the product code), e.g. BOOK-001.` });
    const quantity = /^\d+$/.test(quantityText) ? Number(quantityText) : NaN;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > ORDER_LIMITS.quantity) {
      problems.push({
        inputId: id("quantity"),
        message: `${name}: quantity must be a whole number from 1 to 1,000,000, but "${quantityText}" was entered.`,
      });
    }
    const unitPriceCents = dollarsToCents(priceText);
    if (unitPriceCents === undefined) {
      problems.push({
        inputId: id("price"),
        message: `${name}: unit price must be an amount in dollars such as 12.50, but "${priceText}" was entered.`,
      });
    }
    items.push({ sku, quantity, unitPriceCents: unitPriceCents ?? 0 });
  });
  if (problems.length > 0) return { problems };
  const customerName = (byId<HTMLInputElement>("customer-name").value || "").trim();
  const note = byId<HTMLTextAreaElement>("note").value.trim();
  const simulate = byId<HTMLSelectElement>("simulate").value as InlineOrder["simulate"] | "";
  const order: InlineOrder = {
    items,
    currency: "USD",
    ...(customerName ? { customerName } : {}),
    ...(note ? { note } : {}),
    ...(simulate ? { simulate } : {}),
  };
  return { order, problems };
}

/** The total shown under the items while typing (rows that do not parse count as 0). */
export function runningTotal(rows: ItemRows): string {
  const items = rows.rows().map((row) => {
    const get = (field: string) => (row.querySelector(`input[name="${field}"]`) as HTMLInputElement).value;
    const quantity = Number(get("quantity"));
    return {
      sku: "",
      quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : 0,
      unitPriceCents: dollarsToCents(get("price")) ?? 0,
    };
  });
  return formatCents(totalCents({ items }));
}
