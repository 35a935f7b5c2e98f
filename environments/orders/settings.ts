import { ClaimCheckProps } from "../../modules/claim-check";
import { OrdersAppProps } from "../../modules/orders";
import { devConfig } from "../dev";
import { prodConfig } from "../prod";
import { FALLBACK_REGION } from "../settings";
import { stagingConfig } from "../staging";
import { Env, EnvironmentName, StateBackend } from "../types";

/** One orders environment: the stack id (`cdktf deploy orders-<env>`), region, state, and the two constructs' settings. */
export interface OrdersEnvironmentConfig {
  readonly stackName: `orders-${EnvironmentName}`;
  readonly environment: EnvironmentName;
  readonly region: string;
  readonly backend: StateBackend;
  readonly claimCheck: ClaimCheckProps;
  readonly app: Omit<OrdersAppProps, "claimCheck">;
  readonly tags: Record<string, string>;
}

export const ordersEnvVarName = (environment: EnvironmentName, setting: string): string => `ORDERS_${environment.toUpperCase()}_${setting}`;

const list = (value: string | undefined): string[] | undefined => {
  const items = (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

/** Per-environment differences of the application (the claim check's come from environments/<env>). */
const PROFILES: Record<
  EnvironmentName,
  { logRetentionDays: number; pointInTimeRecoveryDays: number; deletionProtection: boolean; keyDeletionWindowInDays: number }
> = {
  dev: { logRetentionDays: 14, pointInTimeRecoveryDays: 7, deletionProtection: false, keyDeletionWindowInDays: 7 },
  staging: { logRetentionDays: 30, pointInTimeRecoveryDays: 35, deletionProtection: false, keyDeletionWindowInDays: 30 },
  prod: { logRetentionDays: 365, pointInTimeRecoveryDays: 35, deletionProtection: true, keyDeletionWindowInDays: 30 },
};

const CLAIM_CHECK_CONFIGS = { dev: devConfig, staging: stagingConfig, prod: prodConfig };

/**
 * Reads `ORDERS_<ENV>_<SETTING>` variables: REGION, STATE_BUCKET, JWT_ISSUER, JWT_AUDIENCE (comma list),
 * JWKS_URI, ALLOW_ANONYMOUS ("true"), CORS_ORIGINS, WEBHOOK_URLS, SECRETS_EXTENSION_LAYER_ARN,
 * WEBSOCKET_ACCESS_LOGS ("true", needs the account's API Gateway CloudWatch role). Without an
 * issuer the stack creates a Cognito user pool. The claim check reuses the environment's module settings
 * under its own name (orders-<env>), so it never collides with the claim-check stacks.
 */
export function ordersConfig(environment: EnvironmentName, env: Env = process.env): OrdersEnvironmentConfig {
  const read = (setting: string): string | undefined => env[ordersEnvVarName(environment, setting)]?.trim() || undefined;
  const region = read("REGION") ?? (env.AWS_REGION?.trim() || FALLBACK_REGION);
  const stateBucket = read("STATE_BUCKET");
  const base = CLAIM_CHECK_CONFIGS[environment](env).claimCheck;
  const name = `orders-${environment}` as const;
  return {
    stackName: name,
    environment,
    region,
    backend: stateBucket
      ? { kind: "s3", bucket: stateBucket, key: `orders/${environment}/terraform.tfstate`, region }
      : { kind: "local", path: `terraform.orders-${environment}.tfstate` },
    claimCheck: {
      ...base,
      name,
      producerRoleNames: [],
      consumerRoleNames: [],
      existingKmsKeyArn: undefined,
      keyDeletionWindowInDays: PROFILES[environment].keyDeletionWindowInDays,
    },
    app: {
      name,
      environment,
      jwtIssuer: read("JWT_ISSUER"),
      jwtAudience: list(read("JWT_AUDIENCE")),
      jwksUri: read("JWKS_URI"),
      allowAnonymous: read("ALLOW_ANONYMOUS") === "true",
      corsOrigins: list(read("CORS_ORIGINS")),
      webhookUrls: list(read("WEBHOOK_URLS")),
      secretsExtensionLayerArn: read("SECRETS_EXTENSION_LAYER_ARN"),
      webSocketAccessLogs: read("WEBSOCKET_ACCESS_LOGS") === "true",
      ...PROFILES[environment],
    },
    tags: { Project: "claim-check", Application: "orders", Environment: environment, ManagedBy: "cdktf" },
  };
}

export const allOrdersEnvironments = (env: Env = process.env): OrdersEnvironmentConfig[] =>
  (["dev", "staging", "prod"] as const).map((e) => ordersConfig(e, env));
