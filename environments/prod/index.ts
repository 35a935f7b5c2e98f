import { accessProps, keyProps, readAccountSettings } from "../settings";
import { Env, EnvironmentConfig } from "../types";

/**
 * prod: versioned, 30-day key window, prevent_destroy on bucket, key and queues, and the
 * organisation's existing key when CLAIM_CHECK_PROD_KMS_KEY_ARN is set.
 */
export function prodConfig(env: Env = process.env, projectRoot?: string): EnvironmentConfig {
  const account = readAccountSettings("prod", env, projectRoot);
  return {
    name: "prod",
    region: account.region,
    backend: account.backend,
    sharedState: true,
    sources: account.sources,
    claimCheck: {
      name: "claimcheck-prod",
      environment: "prod",
      tags: { Project: "claim-check", Owner: "platform-team", CostCenter: "payments", DataClassification: "confidential" },
      versioning: true,
      noncurrentVersionExpirationDays: 30,
      forceDestroy: false,
      preventDestroy: true,
      messageRetentionSeconds: 4 * 86_400,
      dlqMessageRetentionSeconds: 14 * 86_400,
      ...keyProps(account, 30),
      ...accessProps(account),
    },
  };
}
