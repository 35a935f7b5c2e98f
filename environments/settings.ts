import { join } from "node:path";
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
  /** The variable each set value came from, by field (see EnvironmentConfig.sources). */
  readonly sources: Readonly<Record<string, string>>;
}

export const envVarName = (environment: EnvironmentName, setting: string): string => `CLAIM_CHECK_${environment.toUpperCase()}_${setting}`;

/** The props filled from `CLAIM_CHECK_<ENV>_<SETTING>`, by setting. */
const PROP_SETTINGS = {
  KMS_KEY_ARN: "existingKmsKeyArn",
  KEY_ADMIN_ARNS: "keyAdministratorArns",
  PRODUCER_ROLE_NAMES: "producerRoleNames",
  CONSUMER_ROLE_NAMES: "consumerRoleNames",
  ACCESS_LOG_BUCKET: "accessLogBucketName",
} as const satisfies Record<string, keyof ClaimCheckProps>;

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/**
 * Reads one environment's settings. Local state goes to `<projectRoot>/terraform.<env>.tfstate`, an
 * absolute path as cdktf's own default: cdktf runs terraform inside cdktf.out/stacks/<env>/, where a
 * relative path would put the state in the build folder.
 */
export function readAccountSettings(environment: EnvironmentName, env: Env, projectRoot: string = process.cwd()): AccountSettings {
  const sources: Record<string, string> = {};
  /** The first of the named variables that is set (trimmed, non-empty), remembered as the field's source. */
  const read = (field: string, ...names: string[]): string | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) {
        sources[field] ??= name;
        return value;
      }
    }
    return undefined;
  };
  const prop = (setting: keyof typeof PROP_SETTINGS) => read(PROP_SETTINGS[setting], envVarName(environment, setting));

  const region = read("region", envVarName(environment, "REGION"), "AWS_REGION") ?? FALLBACK_REGION;
  const stateBucket = read("backend", envVarName(environment, "STATE_BUCKET"), "CLAIM_CHECK_STATE_BUCKET");
  const backend: StateBackend =
    stateBucket === undefined
      ? { kind: "local", path: join(projectRoot, `terraform.${environment}.tfstate`) }
      : {
          kind: "s3",
          bucket: stateBucket,
          key: `claim-check/${environment}/terraform.tfstate`,
          region: read("backend", "CLAIM_CHECK_STATE_REGION") ?? region,
        };
  return {
    region,
    existingKmsKeyArn: prop("KMS_KEY_ARN"),
    keyAdministratorArns: list(prop("KEY_ADMIN_ARNS")),
    producerRoleNames: list(prop("PRODUCER_ROLE_NAMES")),
    consumerRoleNames: list(prop("CONSUMER_ROLE_NAMES")),
    accessLogBucketName: prop("ACCESS_LOG_BUCKET"),
    backend,
    sources,
  };
}

/**
 * Either the existing key, or the settings of a created key: the two exclude each other. Administrators
 * set next to an existing key are passed on, so the construct reports the conflict (never dropped silently).
 */
export function keyProps(
  account: AccountSettings,
  deletionWindowInDays: number,
): Pick<ClaimCheckProps, "existingKmsKeyArn" | "keyDeletionWindowInDays" | "keyAdministratorArns"> {
  const keyAdministratorArns = account.keyAdministratorArns.length > 0 ? account.keyAdministratorArns : undefined;
  if (account.existingKmsKeyArn !== undefined) return { existingKmsKeyArn: account.existingKmsKeyArn, keyAdministratorArns };
  return { keyDeletionWindowInDays: deletionWindowInDays, keyAdministratorArns };
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
