/// <reference lib="dom" />
import { Problem } from "../client/contract";

/** The element with this id; a missing one is a bug in index.html, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no element #${id}`);
  return found as T;
}

/** Creates an element with attributes and children (text or elements). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A problem shown in a form's error summary; `inputId` links it to the field it is about. */
export interface FormProblem {
  readonly inputId?: string;
  readonly message: string;
}

/**
 * Shows every problem at once in the form's error summary (links to the fields), marks the fields
 * invalid and moves the focus to the summary, so keyboard and screen reader users hear it first.
 */
export function showProblems(summary: HTMLElement, heading: string, problems: readonly FormProblem[]): void {
  const form = summary.closest("form");
  form?.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  summary.replaceChildren();
  if (problems.length === 0) {
    summary.hidden = true;
    return;
  }
  const list = el("ul");
  for (const problem of problems) {
    const input = problem.inputId ? document.getElementById(problem.inputId) : null;
    input?.setAttribute("aria-invalid", "true");
    list.append(el("li", {}, input ? el("a", { href: `#${problem.inputId}` }, problem.message) : problem.message));
  }
  summary.append(el("h3", {}, heading), list);
  summary.hidden = false;
  summary.focus();
}

/** Problems the API returned (field paths like "items[0].quantity") mapped onto the form's inputs. */
export function apiProblems(problems: readonly Problem[], inputIdFor: (field: string) => string | undefined): FormProblem[] {
  return problems.map((p) => ({
    inputId: inputIdFor(p.field),
    message: p.message.startsWith(p.field) ? p.message : `${p.field}: ${p.message}`,
  }));
}

export const shortId = (id: string): string => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** A time of day in the reader's locale; `precise` adds milliseconds (steps locally follow each other within a second). */
export const localTime = (iso: string, precise = false): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    ...(precise ? { fractionalSecondDigits: 3 } : {}),
  });
};
