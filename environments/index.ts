import { devConfig } from "./dev";
import { prodConfig } from "./prod";
import { stagingConfig } from "./staging";
import { Env, EnvironmentConfig } from "./types";

export { ClaimCheckStack } from "./stack";
export * from "./types";
export { devConfig, prodConfig, stagingConfig };

/** Every environment, in deployment order. */
export const allEnvironments = (env: Env = process.env): EnvironmentConfig[] => [
  devConfig(env),
  stagingConfig(env),
  prodConfig(env),
];
