import { ResolvedClaimCheckProps } from "./defaults";
import { ClaimCheckValidationError } from "./errors";
import { ClaimCheckProps } from "./props";
import { RuleContext, VALIDATION_RULES } from "./rules";
import { CLAIM_CHECK_PROP_NAMES } from "./prop-names";
import { show } from "./show";

/**
 * The TypeScript interpreter of the rules table (`rules.ts`): one message per broken rule, each naming the
 * field and the bad value. Values that are Terraform references are not known at synth and are skipped.
 */

/** Whether a value is unknown at synth. The construct passes cdktf's own predicate (`Token.isUnresolved`). */
export type IsUnresolved = (value: unknown) => boolean;

/** cdktf encodes references as strings holding `${` or `#{` (strings, lists) and as numbers beyond -1e289. */
export const looksUnresolved: IsUnresolved = (value) =>
  (typeof value === "string" && /[$#]\{/.test(value)) ||
  (typeof value === "number" && value <= -1e289) ||
  (Array.isArray(value) && value.length === 1 && looksUnresolved(value[0]));

export interface ValidationOptions {
  readonly isUnresolved?: IsUnresolved;
  /** The stack's region when the provider configuration names it as a literal. */
  readonly stackRegion?: string;
}

/** Checks every prop and returns one message per problem. */
export function findProblems(raw: ClaimCheckProps, props: ResolvedClaimCheckProps, options: ValidationOptions = {}): string[] {
  const isUnresolved = options.isUnresolved ?? looksUnresolved;
  const context: RuleContext = {
    raw: raw as unknown as Record<string, unknown>,
    props,
    known: (value) => !isUnresolved(value),
    stackRegion: options.stackRegion,
  };
  const problems: string[] = [];
  for (const rule of VALIDATION_RULES) {
    const value = (props as unknown as Record<string, unknown>)[rule.field];
    if (!context.known(value)) continue;
    // Once a value has the wrong type, only its type rule speaks.
    if (!rule.isTypeCheck && typeRulesBroken(rule.field, context)) continue;
    if (!rule.broken(context)) continue;
    const text = typeof rule.rule === "function" ? rule.rule(context) : rule.rule;
    const shown = rule.shown ? rule.shown(context) : value;
    problems.push(`${rule.subject ?? rule.field} ${text}, but ${show(shown)} was given`);
  }
  for (const key of Object.keys(raw)) {
    if (!CLAIM_CHECK_PROP_NAMES.includes(key as keyof ClaimCheckProps)) {
      problems.push(
        `${key} is not a ClaimCheck prop (a misspelling?), but ${show((raw as unknown as Record<string, unknown>)[key])} was given`,
      );
    }
  }
  return problems;
}

const typeRulesBroken = (field: keyof ClaimCheckProps, context: RuleContext): boolean =>
  VALIDATION_RULES.some((rule) => rule.isTypeCheck && rule.field === field && rule.broken(context));

/**
 * For JavaScript callers: props must be an object before defaults can apply (`new ClaimCheck(scope, id)`
 * would otherwise fail with a bare TypeError).
 */
export function assertPropsObject(raw: unknown): asserts raw is ClaimCheckProps {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ClaimCheckValidationError([`props must be an object holding at least name, but ${show(raw)} was given`]);
  }
}

/** Throws one {@link ClaimCheckValidationError} listing every problem, or returns silently. */
export function validateProps(raw: ClaimCheckProps, props: ResolvedClaimCheckProps, options: ValidationOptions = {}): void {
  const problems = findProblems(raw, props, options);
  if (problems.length > 0) throw new ClaimCheckValidationError(problems);
}
