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

/** Problems with settings that are not claim-check props (the construct checks those). */
function settingProblems(config: EnvironmentConfig): string[] {
  if (REGION_PATTERN.test(config.region)) return [];
  return [`region must be an AWS region name such as eu-west-1, but ${JSON.stringify(config.region)} was given`];
}

/** Says where a problem's field came from: the environment variable that set it, or the environment's file. */
function withSource(config: EnvironmentConfig, problem: string): string {
  const field = /^\w+/.exec(problem)?.[0] ?? "";
  const source = config.sources[field];
  const origin = source !== undefined ? `from environment variable ${source}` : `set in environments/${config.name}/index.ts`;
  return `${config.name}: ${problem} (${origin})`;
}

/**
 * Adds one {@link ClaimCheckStack} per environment. Every environment is checked before anything
 * is reported, so one synth run lists all problems of all environments at once.
 */
export function addEnvironmentStacks(scope: Construct, configs: readonly EnvironmentConfig[]): ClaimCheckStack[] {
  const stacks: ClaimCheckStack[] = [];
  const problems: string[] = [];
  for (const config of configs) {
    const found = settingProblems(config);
    try {
      stacks.push(new ClaimCheckStack(scope, config));
    } catch (error) {
      if (!(error instanceof ClaimCheckValidationError)) throw error;
      found.push(...error.problems);
    }
    problems.push(...found.map((problem) => withSource(config, problem)));
  }
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return stacks;
}
