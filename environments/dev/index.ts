import { accessProps, keyProps, readAccountSettings } from "../settings";
import { Env, EnvironmentConfig } from "../types";

/** dev: short-lived and disposable. Short retention, no versioning, 7-day key window, force_destroy. */
export function devConfig(env: Env = process.env, projectRoot?: string): EnvironmentConfig {
  const account = readAccountSettings("dev", env, projectRoot);
  return {
    name: "dev",
    region: account.region,
    backend: account.backend,
    sharedState: false,
    sources: account.sources,
    claimCheck: {
      name: "claimcheck-dev",
      environment: "dev",
      tags: { Project: "claim-check", Owner: "platform-team", CostCenter: "engineering-sandbox", DataClassification: "internal" },
      versioning: false,
      forceDestroy: true,
      messageRetentionSeconds: 86_400,
      dlqMessageRetentionSeconds: 4 * 86_400,
      visibilityTimeoutSeconds: 120,
      ...keyProps(account, 7),
      ...accessProps(account),
    },
  };
}
