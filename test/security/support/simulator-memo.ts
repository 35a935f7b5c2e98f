import { dirname, join } from "node:path";

type ResourceTypesForAction = (service: string, action: string, resource: string) => Promise<unknown>;

/**
 * The simulator works out which resource types of an action an ARN matches on every request, twice (for
 * the context keys and for the decision), by intersecting the ARN with each type's pattern character by
 * character: a third of a least-privilege sweep's time. The answer depends only on the service, the action,
 * the ARN and the simulator's bundled IAM data, so it is computed once per triple. The module's export
 * is replaced in place: the engine reads it from the module object on every call.
 */
export function memoizeResourceTypeMatching(): void {
  const path = join(dirname(require.resolve("@cloud-copilot/iam-simulate")), "simulation_engine", "resourceTypes.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, not in the package's exports map
  const resourceTypes: { getResourceTypesForAction: ResourceTypesForAction & { memoized?: true } } = require(path);
  const compute = resourceTypes.getResourceTypesForAction;
  if (typeof compute !== "function") throw new Error(`the simulator no longer has getResourceTypesForAction in ${path}`);
  if (compute.memoized) return;
  const answers = new Map<string, Promise<unknown>>();
  const memoized: ResourceTypesForAction & { memoized?: true } = (service, action, resource) => {
    const key = `${service}\0${action}\0${resource}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = compute(service, action, resource);
      answers.set(key, answer);
      answer.catch(() => answers.delete(key)); // an error (unknown action) is thrown again, never cached
    }
    return answer;
  };
  memoized.memoized = true;
  resourceTypes.getResourceTypesForAction = memoized;
}

type OperationMethod = (this: { op: string }) => unknown;

/**
 * A condition operator's parts (`StringNotEqualsIfExists` is `StringNotEquals`, if exists) are worked out on
 * every evaluation of every condition with a locale-aware comparison that builds a collator per call: a
 * sixth of a sweep. They depend only on the operator's text, so each is worked out once per text.
 */
export function memoizeConditionOperators(): void {
  const path = join(dirname(require.resolve("@cloud-copilot/iam-policy")), "conditions", "conditionOperation.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, not in the package's exports map
  const { ConditionOperationImpl } = require(path) as { ConditionOperationImpl?: { prototype: Record<string, OperationMethod> } };
  if (!ConditionOperationImpl) throw new Error(`the policy library no longer has ConditionOperationImpl in ${path}`);
  for (const name of ["isIfExists", "baseOperator", "setOperator"]) {
    const compute = ConditionOperationImpl.prototype[name] as OperationMethod & { memoized?: true };
    if (typeof compute !== "function") throw new Error(`ConditionOperationImpl.${name} is gone from ${path}`);
    if (compute.memoized) continue;
    const answers = new Map<string, unknown>();
    const memoized: OperationMethod & { memoized?: true } = function (this: { op: string }) {
      if (!answers.has(this.op)) answers.set(this.op, compute.call(this));
      return answers.get(this.op);
    };
    memoized.memoized = true;
    ConditionOperationImpl.prototype[name] = memoized;
  }
}
