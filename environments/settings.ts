import { ClaimCheckProps } from "../modules/claim-check";
import { EnvironmentName, Env, StateBackend } from "./types";

/** Used when neither CLAIM_CHECK_<ENV>_REGION nor AWS_REGION is set, so synth works out of the box. */
export const FALLBACK_REGION = "us-east-1";

/**
 * Account-specific values of one environment, read from environment variables (never hard-coded):
 * `CLAIM_CHECK_<ENV>_<SETTING>`, e.g. `CLAIM_CHECK_PROD_KMS_KEY_ARN`. Lists are comma-separated.
 */
export interface AccountSettings {
  readonly region: string;
  readonly existingKmsKeyArn?: string;
  readonly keyAdministratorArns: string[];
  readonly producerRoleNames: string[];
  readonly consumerRoleNames: string[];
  readonly accessLogBucketName?: string;
  readonly backend: StateBackend;
}

export const envVarName = (environment: EnvironmentName, setting: string): string =>
  `CLAIM_CHECK_${environment.toUpperCase()}_${setting}`;

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

export function readAccountSettings(environment: EnvironmentName, env: Env): AccountSettings {
  const read = (setting: string): string | undefined => env[envVarName(environment, setting)]?.trim() || undefined;
  const region = read("REGION") ?? (env.AWS_REGION?.trim() || FALLBACK_REGION);
  const stateBucket = read("STATE_BUCKET") ?? (env.CLAIM_CHECK_STATE_BUCKET?.trim() || undefined);
  return {
    region,
    existingKmsKeyArn: read("KMS_KEY_ARN"),
    keyAdministratorArns: list(read("KEY_ADMIN_ARNS")),
    producerRoleNames: list(read("PRODUCER_ROLE_NAMES")),
    consumerRoleNames: list(read("CONSUMER_ROLE_NAMES")),
    accessLogBucketName: read("ACCESS_LOG_BUCKET"),
    backend:
      stateBucket === undefined
        ? { kind: "local", path: `terraform.${environment}.tfstate` }
        : {
            kind: "s3",
            bucket: stateBucket,
            key: `claim-check/${environment}/terraform.tfstate`,
            region: env.CLAIM_CHECK_STATE_REGION?.trim() || region,
          },
  };
}

/** Either the existing key alone, or the settings of a created key: the two exclude each other. */
export function keyProps(
  account: AccountSettings,
  deletionWindowInDays: number,
): Pick<ClaimCheckProps, "existingKmsKeyArn" | "keyDeletionWindowInDays" | "keyAdministratorArns"> {
  if (account.existingKmsKeyArn !== undefined) return { existingKmsKeyArn: account.existingKmsKeyArn };
  return {
    keyDeletionWindowInDays: deletionWindowInDays,
    keyAdministratorArns: account.keyAdministratorArns.length > 0 ? account.keyAdministratorArns : undefined,
  };
}

/** Role attachments and access logging, as configured for the account. */
export function accessProps(
  account: AccountSettings,
): Pick<ClaimCheckProps, "producerRoleNames" | "consumerRoleNames" | "accessLogBucketName"> {
  return {
    producerRoleNames: account.producerRoleNames,
    consumerRoleNames: account.consumerRoleNames,
    accessLogBucketName: account.accessLogBucketName,
  };
}
