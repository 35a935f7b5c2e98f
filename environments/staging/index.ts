import { accessProps, keyProps, readAccountSettings } from "../settings";
import { Env, EnvironmentConfig } from "../types";

/** staging: production-like. Versioned bucket, 30-day key window, no force_destroy. */
export function stagingConfig(env: Env = process.env, projectRoot?: string): EnvironmentConfig {
  const account = readAccountSettings("staging", env, projectRoot);
  return {
    name: "staging",
    region: account.region,
    backend: account.backend,
    sharedState: true,
    sources: account.sources,
    claimCheck: {
      name: "claimcheck-staging",
      environment: "staging",
      tags: { Project: "claim-check", Owner: "platform-team", CostCenter: "engineering-preprod", DataClassification: "confidential" },
      versioning: true,
      noncurrentVersionExpirationDays: 7,
      forceDestroy: false,
      messageRetentionSeconds: 4 * 86_400,
      dlqMessageRetentionSeconds: 14 * 86_400,
      ...keyProps(account, 30),
      ...accessProps(account),
    },
  };
}
