import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  ValidationError,
  ValidatedPolicy,
} from "@cloud-copilot/iam-policy";
import { EvaluationResult, runSimulation, runUnsafeSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../../modules/claim-check";
import { SAMPLE } from "./sample-stack";
import { memoizeConditionOperators, memoizeResourceTypeMatching } from "./simulator-memo";

memoizeResourceTypeMatching();
memoizeConditionOperators();

export interface SimulationRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The principal's identity policies (empty for an unrelated role). */
  readonly identityPolicies: readonly PolicyDocument[];
  /** The bucket, queue or key policy of the resource, if any. */
  readonly resourcePolicy?: PolicyDocument;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The account that owns the resource. */
  readonly resourceAccount?: string;
}

const VALIDATORS: Record<"identity" | "resource", (policy: unknown) => ValidationError[]> = {
  identity: validateIdentityPolicy,
  resource: validateResourcePolicy,
};
const validatedPolicies = new Map<string, ValidatedPolicy<{ name: string }>>();

/**
 * A policy validated once per content and kind: sweeps simulate the same few policies thousands of times.
 * The engine reuses a validated policy's errors instead of validating again, and still refuses to run
 * when there are any.
 */
function validatedOnce(policy: PolicyDocument, kind: "identity" | "resource"): ValidatedPolicy<{ name: string }> {
  const key = `${kind}\0${JSON.stringify(policy)}`;
  let validated = validatedPolicies.get(key);
  if (!validated) {
    validated = createValidatedPolicy<{ name: string }>(policy, VALIDATORS[kind], { name: kind });
    validatedPolicies.set(key, validated);
  }
  return validated;
}

/** The validated engine only knows "/"-separated variable keys, so it drops `kms:EncryptionContext:aws:s3:arn`. */
const isEncryptionContextKey = (key: string): boolean => key.toLowerCase().startsWith("kms:encryptioncontext:");

/**
 * One authorization as AWS would decide it (identity policies + one resource policy), offline.
 * Inputs are always validated by the strict engine first: an unknown action or a resource of the wrong
 * type throws. When the request carries an encryption-context key, which that engine ignores, the
 * same validated inputs are evaluated again with the full context by the engine's unvalidated entry.
 */
export async function simulate(request: SimulationRequest): Promise<EvaluationResult> {
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? SAMPLE.accountId },
      contextVariables: { ...(request.context ?? {}) },
    },
    identityPolicies: request.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy: validatedOnce(policy, "identity") })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy && validatedOnce(request.resourcePolicy, "resource"),
  };
  const result = await runSimulation(simulation, { simulationMode: "Strict" });
  if (result.resultType === "error") {
    throw new Error(`simulation of ${request.action} on ${request.resource} failed: ${JSON.stringify(result.errors)}`);
  }
  const ignored = result.resultType === "single" ? (result.result.ignoredContextKeys ?? []) : [];
  if (!ignored.some(isEncryptionContextKey)) return result.overallResult;

  return runUnsafeSimulation(simulation, { simulationMode: "Strict" });
}
