import { Construct } from "constructs";
import { ClaimCheckValidationError } from "../../modules/claim-check";
import { OrdersConfigError } from "../../modules/orders";
import { addEnvironmentStacks, EnvironmentValidationError, regionProblems, withSource } from "../register";
import { ClaimCheckStack } from "../stack";
import { EnvironmentConfig } from "../types";
import { ORDERS_SETTING_OF_FIELD, ordersEnvVarName, OrdersEnvironmentConfig } from "./settings";
import { OrdersStack } from "./stack";

/** Where a problem's field came from: the ORDERS_<ENV>_* variable that set it (or would), or the environment's profile. */
const withOrdersSource = (config: OrdersEnvironmentConfig, problem: string): string =>
  withSource(config.stackName, config.sources, problem, (field) => {
    const setting = ORDERS_SETTING_OF_FIELD[field];
    return setting !== undefined
      ? `set it with environment variable ${ordersEnvVarName(config.environment, setting)}`
      : "set in environments/orders/settings.ts";
  });

/** The problems of one orders environment, or its stack: every problem is collected, none thrown alone. */
function buildOrdersStack(scope: Construct, config: OrdersEnvironmentConfig): { stack?: OrdersStack; problems: string[] } {
  const problems = [...config.problems, ...regionProblems(config.region)];
  try {
    return { stack: new OrdersStack(scope, config), problems: problems.map((p) => withOrdersSource(config, p)) };
  } catch (error) {
    if (error instanceof OrdersConfigError || error instanceof ClaimCheckValidationError) problems.push(...error.problems);
    else throw error;
  }
  return { problems: problems.map((p) => withOrdersSource(config, p)) };
}

/**
 * Adds one {@link OrdersStack} per environment; like {@link addEnvironmentStacks}, every environment is
 * checked before anything is reported, so one run lists all problems, each naming its environment.
 */
export function addOrdersStacks(scope: Construct, configs: readonly OrdersEnvironmentConfig[]): OrdersStack[] {
  const built = configs.map((config) => buildOrdersStack(scope, config));
  const problems = built.flatMap((b) => b.problems);
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return built.map((b) => b.stack!);
}

/**
 * The one registration path of main.ts: the claim-check stacks and the orders stacks, with the problems
 * of both reported together in one EnvironmentValidationError.
 */
export function addAllStacks(
  scope: Construct,
  claimCheck: readonly EnvironmentConfig[],
  orders: readonly OrdersEnvironmentConfig[],
): { claimCheck: ClaimCheckStack[]; orders: OrdersStack[] } {
  const problems: string[] = [];
  const collect = <T>(add: () => T[]): T[] => {
    try {
      return add();
    } catch (error) {
      if (!(error instanceof EnvironmentValidationError)) throw error;
      problems.push(...error.problems);
      return [];
    }
  };
  const stacks = {
    claimCheck: collect(() => addEnvironmentStacks(scope, claimCheck)),
    orders: collect(() => addOrdersStacks(scope, orders)),
  };
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return stacks;
}
