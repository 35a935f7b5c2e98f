import { ClaimCheck } from "../claim-check";

/** Settings of the orders application (one environment). */
export interface OrdersAppProps {
  /** Prefix of every resource name, e.g. "orders-dev". */
  readonly name: string;
  /** Environment name, for tags and descriptions. */
  readonly environment: string;
  /** The claim check the application builds on (bucket, queue, DLQ, key). */
  readonly claimCheck: ClaimCheck;
  /** OIDC issuer of the JWTs. @default - a Cognito user pool and app client created for the application (unless allowAnonymous) */
  readonly jwtIssuer?: string;
  /** Accepted JWT audiences (client ids). Required with jwtIssuer. @default [] */
  readonly jwtAudience?: string[];
  /** JWKS of the issuer. @default `${jwtIssuer}/.well-known/jwks.json` */
  readonly jwksUri?: string;
  /** Routes without authorization, every caller "anonymous" (demos only: Security Hub flags it). @default false */
  readonly allowAnonymous?: boolean;
  /** Web origins allowed by the HTTP API and the bucket's upload CORS rule. @default [] */
  readonly corsOrigins?: string[];
  /** HTTPS endpoints receiving the signed order webhooks. @default [] */
  readonly webhookUrls?: string[];
  /** Orders up to this many bytes travel inline in the claim. @default 65536 */
  readonly inlineThresholdBytes?: number;
  /** Retention of every log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Point-in-time recovery window of the table, in days (1-35). @default 35 */
  readonly pointInTimeRecoveryDays?: number;
  /** Deletion protection of the table. @default false */
  readonly deletionProtection?: boolean;
  /** Waiting period before the app key is deleted, in days (7-30). @default 30 */
  readonly keyDeletionWindowInDays?: number;
  /** Steady-state request rate and burst of both APIs' stages. @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Access logs of the WebSocket stage. They need the account's API Gateway CloudWatch role
   * (aws_api_gateway_account, a per-region singleton this construct never changes). @default false
   */
  readonly webSocketAccessLogs?: boolean;
  /**
   * The AWS Parameters and Secrets Lambda Extension layer (arm64) for the region; the webhook dispatcher
   * reads its signing secret through it. @default - the us-east-1 layer ARN (check the current version)
   */
  readonly secretsExtensionLayerArn?: string;
}

export const DEFAULT_SECRETS_EXTENSION_LAYER_ARN =
  "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12";
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Every problem of the props at once, each naming the prop and the bad value. */
export function findOrdersProblems(props: OrdersAppProps): string[] {
  const problems: string[] = [];
  const show = (v: unknown) => JSON.stringify(v);
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(props.name))
    problems.push(`name must be 2-41 lowercase letters, digits or hyphens, starting with a letter, but ${show(props.name)} was given`);
  if (props.jwtIssuer !== undefined && !/^https:\/\//.test(props.jwtIssuer))
    problems.push(`jwtIssuer must be an https URL, but ${show(props.jwtIssuer)} was given`);
  if (props.jwtIssuer && (props.jwtAudience ?? []).length === 0)
    problems.push("jwtAudience must name at least one audience when jwtIssuer is set, but [] was given");
  for (const url of props.webhookUrls ?? [])
    if (!/^https:\/\//.test(url)) problems.push(`webhookUrls must be https URLs, but ${show(url)} was given`);
  for (const origin of props.corsOrigins ?? [])
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`corsOrigins must be origins like https://shop.example.com, but ${show(origin)} was given`);
  const inline = props.inlineThresholdBytes;
  if (inline !== undefined && (!Number.isInteger(inline) || inline < 0 || inline > 131_072))
    problems.push(
      `inlineThresholdBytes must be an integer from 0 to 131072 (state data is capped at 256 KiB), but ${show(inline)} was given`,
    );
  const retention = props.logRetentionDays;
  if (retention !== undefined && !LOG_RETENTION_DAYS.includes(retention))
    problems.push(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, but ${show(retention)} was given`);
  const pitr = props.pointInTimeRecoveryDays;
  if (pitr !== undefined && (!Number.isInteger(pitr) || pitr < 1 || pitr > 35))
    problems.push(`pointInTimeRecoveryDays must be an integer from 1 to 35, but ${show(pitr)} was given`);
  const window = props.keyDeletionWindowInDays;
  if (window !== undefined && (!Number.isInteger(window) || window < 7 || window > 30))
    problems.push(`keyDeletionWindowInDays must be an integer from 7 to 30, but ${show(window)} was given`);
  return problems;
}
