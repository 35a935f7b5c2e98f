import { join } from "node:path";
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
  /** Whether a state file on one machine is a risk (staging, prod): synth then warns about local state. */
  readonly sharedState: boolean;
  /** The `ORDERS_<ENV>_*` variable each set app prop came from, by prop name, so problems name what to fix. */
  readonly sources: Readonly<Record<string, string>>;
  readonly claimCheck: ClaimCheckProps;
  readonly app: Omit<OrdersAppProps, "claimCheck">;
  readonly tags: Record<string, string>;
  /** Serve the web page from S3 behind CloudFront (OAC) in this stack: `ORDERS_<ENV>_WEB_HOSTING=true`. @default false */
  readonly webHosting: boolean;
  /** Where synth builds the page for web hosting. @default apps/orders/web/dist */
  readonly webSiteDir: string;
  /** Problems with the settings themselves (the constructs check their props), reported with the rest. */
  readonly problems: readonly string[];
}

export const ordersEnvVarName = (environment: EnvironmentName, setting: string): string => `ORDERS_${environment.toUpperCase()}_${setting}`;

/** The `ORDERS_<ENV>_<SETTING>` variable behind each app prop read from the environment. */
export const ORDERS_SETTING_OF_FIELD: Readonly<Record<string, string>> = {
  region: "REGION",
  jwtIssuer: "JWT_ISSUER",
  jwtAudience: "JWT_AUDIENCE",
  jwksUri: "JWKS_URI",
  corsOrigins: "CORS_ORIGINS",
  webhookUrls: "WEBHOOK_URLS",
  secretsExtensionLayerArn: "SECRETS_EXTENSION_LAYER_ARN",
  webHosting: "WEB_HOSTING",
};

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
 * WEBSOCKET_ACCESS_LOGS ("true", needs the account's API Gateway CloudWatch role), WEB_HOSTING ("true": the
 * web page on S3 behind CloudFront, built at synth, its URL allowed by the API's CORS). Without an
 * issuer the stack creates a Cognito user pool. The claim check reuses the environment's module settings
 * under its own name (orders-<env>), so it never collides with the claim-check stacks.
 */
export function ordersConfig(
  environment: EnvironmentName,
  env: Env = process.env,
  projectRoot: string = process.cwd(),
): OrdersEnvironmentConfig {
  const sources: Record<string, string> = {};
  const read = (setting: string, field?: string): string | undefined => {
    const name = ordersEnvVarName(environment, setting);
    const value = env[name]?.trim() || undefined;
    if (value !== undefined && field !== undefined) sources[field] = name;
    return value;
  };
  const region = read("REGION", "region") ?? (env.AWS_REGION?.trim() || FALLBACK_REGION);
  if (sources.region === undefined && env.AWS_REGION?.trim()) sources.region = "AWS_REGION";
  const stateBucket = read("STATE_BUCKET");
  const problems: string[] = [];
  const webHosting = read("WEB_HOSTING", "webHosting") ?? "false";
  if (webHosting !== "true" && webHosting !== "false")
    problems.push(`webHosting must be "true" or "false", but ${JSON.stringify(webHosting)} was given`);
  const inherited = CLAIM_CHECK_CONFIGS[environment](env);
  const base = inherited.claimCheck;
  const name = `orders-${environment}` as const;
  const claimCheck: ClaimCheckProps = {
    ...base,
    name,
    producerRoleNames: [],
    consumerRoleNames: [],
    existingKmsKeyArn: undefined,
    keyDeletionWindowInDays: PROFILES[environment].keyDeletionWindowInDays,
  };
  // A claim-check setting taken over as it is keeps its source: a problem with it names the variable that set it.
  for (const [field, variable] of Object.entries(inherited.sources))
    if (field in base && claimCheck[field as keyof ClaimCheckProps] === base[field as keyof ClaimCheckProps]) sources[field] ??= variable;
  return {
    stackName: name,
    environment,
    region,
    backend: stateBucket
      ? { kind: "s3", bucket: stateBucket, key: `orders/${environment}/terraform.tfstate`, region }
      : // Absolute, as the claim-check stacks' state: terraform runs in cdktf.out/stacks/<stack>/, where a relative path would land.
        { kind: "local", path: join(projectRoot, `terraform.orders-${environment}.tfstate`) },
    sharedState: environment !== "dev",
    sources,
    claimCheck,
    app: {
      name,
      environment,
      jwtIssuer: read("JWT_ISSUER", "jwtIssuer"),
      jwtAudience: list(read("JWT_AUDIENCE", "jwtAudience")),
      jwksUri: read("JWKS_URI", "jwksUri"),
      allowAnonymous: read("ALLOW_ANONYMOUS") === "true",
      corsOrigins: list(read("CORS_ORIGINS", "corsOrigins")),
      webhookUrls: list(read("WEBHOOK_URLS", "webhookUrls")),
      secretsExtensionLayerArn: read("SECRETS_EXTENSION_LAYER_ARN", "secretsExtensionLayerArn"),
      webSocketAccessLogs: read("WEBSOCKET_ACCESS_LOGS") === "true",
      ...PROFILES[environment],
    },
    tags: { Project: "claim-check", Application: "orders", Environment: environment, ManagedBy: "cdktf" },
    webHosting: webHosting === "true",
    webSiteDir: join(__dirname, "..", "..", "apps", "orders", "web", "dist"),
    problems,
  };
}

export const allOrdersEnvironments = (env: Env = process.env, projectRoot?: string): OrdersEnvironmentConfig[] =>
  (["dev", "staging", "prod"] as const).map((e) => ordersConfig(e, env, projectRoot));
