import { errorsByCall } from "../support/module-harness";

/** The batched checks trust that every error Terraform prints lands with its own module call, or with all of them. */

// Terraform 1.11's words, cut down: an input's rule, an expression inside a module, and an error naming no call.
const STDERR = `Planning failed. Terraform encountered an error while generating this plan.

Error: Invalid value for variable

  on main.tf line 9, in module "c1":
   9:   name = var.c1.name
    ├────────────────
    │ var.name is "ab"

name must be 3-24 lowercase letters, but "ab" was given.

This was checked by the validation rule at c1/variables.tf:7,3-13.

Error: Invalid index

  on c10/variables.tf line 4, in variable "l":
   4:     condition     = var.l[3] == "x"

The given key does not identify an element in this collection value.

Error: Module not installed

  on main.tf line 7:
   7: module "c2" {
`;

const root = { dir: "/nowhere", calls: ["c1", "c10", "c2", "c3"] };

test("an input's error goes to the call named in its context, a module's own error to the call whose folder it is in", () => {
  const { byCall } = errorsByCall(STDERR, root);
  expect(byCall.c1).toMatch(/^Error: Invalid value for variable\n[\s\S]*c1\/variables\.tf:7,3-13\.\n\n$/);
  expect(byCall.c10).toMatch(/^Error: Invalid index\n/);
  expect(byCall.c3).toBe("");
});

test("an error that names no call, by its context or its file, is kept apart, so that every call's check counts it", () => {
  const { byCall, unattributed } = errorsByCall(STDERR, root);
  // `module "c2" {` is the code line, not a context: the block says nothing about which call failed.
  expect(byCall.c2).toBe("");
  expect(unattributed).toMatch(/^Error: Module not installed\n/);
});

test("an error naming two calls is not given to either", () => {
  const both = `Error: Cycle\n\n  on main.tf line 1, in module "c1":\n\nsee c3/main.tf\n`;
  expect(errorsByCall(both, root)).toEqual({ byCall: { c1: "", c10: "", c2: "", c3: "" }, unattributed: both });
});
