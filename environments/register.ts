import { Construct } from "constructs";
import { ClaimCheckValidationError } from "../modules/claim-check";
import { REGION_PATTERN } from "../modules/claim-check/spec";
import { ClaimCheckStack } from "./stack";
import { EnvironmentConfig } from "./types";

/**
 * Thrown by {@link addEnvironmentStacks} when any environment is invalid: one line per problem of
 * every environment, each naming the environment and where the bad value came from.
 */
export class EnvironmentValidationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid environment settings (${problems.length}):\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "EnvironmentValidationError";
  }
}

/** The problem with a stack's region, if it is not an AWS region name. */
export function regionProblems(region: string): string[] {
  if (REGION_PATTERN.test(region)) return [];
  return [`region must be an AWS region name such as eu-west-1, but ${JSON.stringify(region)} was given`];
}

/**
 * A stack's problem with where its field came from: the environment variable that set it, or else
 * `otherwise(field)` (the file that sets it, or the variable that would).
 */
export function withSource(
  stackName: string,
  sources: Readonly<Record<string, string>>,
  problem: string,
  otherwise: (field: string) => string,
): string {
  const field = /^\w+/.exec(problem)?.[0] ?? "";
  const source = sources[field];
  return `${stackName}: ${problem} (${source !== undefined ? `from environment variable ${source}` : otherwise(field)})`;
}

/**
 * Adds one {@link ClaimCheckStack} per environment. Every environment is checked before anything
 * is reported, so one synth run lists all problems of all environments at once.
 */
export function addEnvironmentStacks(scope: Construct, configs: readonly EnvironmentConfig[]): ClaimCheckStack[] {
  const stacks: ClaimCheckStack[] = [];
  const problems: string[] = [];
  for (const config of configs) {
    const found = regionProblems(config.region);
    try {
      stacks.push(new ClaimCheckStack(scope, config));
    } catch (error) {
      if (!(error instanceof ClaimCheckValidationError)) throw error;
      found.push(...error.problems);
    }
    problems.push(
      ...found.map((problem) => withSource(config.name, config.sources, problem, () => `set in environments/${config.name}/index.ts`)),
    );
  }
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return stacks;
}
