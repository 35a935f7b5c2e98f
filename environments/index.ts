import { devConfig } from "./dev";
import { prodConfig } from "./prod";
import { stagingConfig } from "./staging";
import { Env, EnvironmentConfig } from "./types";

export { addEnvironmentStacks, EnvironmentValidationError } from "./register";
export { ClaimCheckStack } from "./stack";
export * from "./types";
export { devConfig, prodConfig, stagingConfig };

/**
 * Every environment, in deployment order. Local state files go under `projectRoot` (default: the
 * current directory, which is the project root when the cdktf CLI runs the app).
 */
export const allEnvironments = (env: Env = process.env, projectRoot?: string): EnvironmentConfig[] => [
  devConfig(env, projectRoot),
  stagingConfig(env, projectRoot),
  prodConfig(env, projectRoot),
];
