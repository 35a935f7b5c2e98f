import { PolicyDocument, PolicyStatement } from "../../../modules/claim-check";
import { SynthesizedStack } from "../../support/synth";

/**
 * The controls of shared/reference/security-controls.md (Checkov, Trivy, Security Hub, CIS, Control
 * Tower) re-implemented over the synthesized Terraform JSON, since none of those scanners runs here.
 * `check` returns one message per violation; an empty list is a pass.
 */
export interface Control {
  readonly ids: string;
  readonly title: string;
  readonly check: (stack: SynthesizedStack, expectation: EnvironmentExpectation) => string[];
}

/** What an environment promises where a control is configurable ("Cfg" in the reference). */
export interface EnvironmentExpectation {
  readonly versioning: boolean;
  readonly preventDestroy: boolean;
  readonly forceDestroyAllowed: boolean;
  readonly deletionWindowInDays?: number;
  readonly accessLogging: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
type Body = Record<string, any>;
const entries = (stack: SynthesizedStack, type: string): [string, Body][] => Object.entries(stack.resource[type] ?? {});
const bodies = (stack: SynthesizedStack, type: string): Body[] => entries(stack, type).map(([, b]) => b);
const one = <T>(x: T | T[]): T => (Array.isArray(x) ? x[0] : x);
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const parse = (policy: string): PolicyDocument => JSON.parse(policy);
const actions = (s: PolicyStatement) => list(s.Action);
const resources = (s: PolicyStatement) => list(s.Resource);
const refTo = (type: string, attribute: string) => new RegExp(`^\\$\\{${type}\\.[A-Za-z0-9_]+\\.${attribute}\\}$`);
const bucketRef = refTo("aws_s3_bucket", "id");
const isKeyArn = (value: unknown) =>
  typeof value === "string" &&
  (refTo("aws_kms_key", "arn").test(value) || /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value));
const when = (condition: boolean, message: string): string[] => (condition ? [] : [message]);

const queuePolicies = (stack: SynthesizedStack) => bodies(stack, "aws_sqs_queue_policy").map((p) => parse(p.policy));
const identityPolicies = (stack: SynthesizedStack) =>
  [...bodies(stack, "aws_iam_policy"), ...bodies(stack, "aws_iam_role_policy")].map((p) => parse(p.policy));
const keyPolicies = (stack: SynthesizedStack) => bodies(stack, "aws_kms_key").map((k) => parse(k.policy));
const allows = (document: PolicyDocument) => document.Statement.filter((s) => s.Effect === "Allow");
const isAnyone = (principal: PolicyStatement["Principal"]) =>
  principal === "*" || (typeof principal === "object" && list((principal as { AWS?: string | string[] }).AWS).includes("*"));

const denyOnTransport = (document: PolicyDocument, action: string, resource: string[]) =>
  document.Statement.some(
    (s) =>
      s.Effect === "Deny" &&
      s.Principal === "*" &&
      actions(s).includes(action) &&
      resource.every((r) => resources(s).includes(r)) &&
      s.Condition?.Bool?.["aws:SecureTransport"] === "false",
  );

export const S3_CONTROLS: Control[] = [
  {
    ids: "CKV_AWS_53 CKV_AWS_54 CKV_AWS_55 CKV_AWS_56 CKV2_AWS_6 AWS-0086 AWS-0087 AWS-0091 AWS-0093 AWS-0094 S3.8 CT.S3.PR.1",
    title: "the bucket blocks every kind of public access",
    check: (stack) =>
      bodies(stack, "aws_s3_bucket").flatMap(() => {
        const blocks = bodies(stack, "aws_s3_bucket_public_access_block").filter((pab) => bucketRef.test(pab.bucket));
        return when(
          blocks.length === 1 &&
            ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every(
              (f) => blocks[0][f] === true,
            ),
          "no public access block with all four flags, wired to the bucket by reference",
        );
      }),
  },
  {
    ids: "CKV2_AWS_65 S3.12 CKV_AWS_20 CKV_AWS_57 AWS-0092",
    title: "ACLs are disabled (BucketOwnerEnforced) and none is set",
    check: (stack) => [
      ...when(
        bodies(stack, "aws_s3_bucket_ownership_controls").some(
          (o) => bucketRef.test(o.bucket) && one(o.rule).object_ownership === "BucketOwnerEnforced",
        ),
        "no BucketOwnerEnforced ownership controls",
      ),
      ...when(
        bodies(stack, "aws_s3_bucket").every((b) => b.acl === undefined),
        "a bucket sets acl",
      ),
      ...when(stack.resource.aws_s3_bucket_acl === undefined, "an aws_s3_bucket_acl exists"),
    ],
  },
  {
    ids: "CKV_AWS_19 CKV_AWS_145 AWS-0088 AWS-0132 S3.17 CIS-2.1.1",
    title: "default encryption is SSE-KMS with the full key ARN and a bucket key",
    check: (stack) => {
      const configs = bodies(stack, "aws_s3_bucket_server_side_encryption_configuration").filter((c) => bucketRef.test(c.bucket));
      if (configs.length !== 1) return ["no encryption configuration wired to the bucket"];
      const rule = one(configs[0].rule);
      const byDefault = one(rule.apply_server_side_encryption_by_default);
      return [
        ...when(byDefault.sse_algorithm === "aws:kms", `sse_algorithm is ${byDefault.sse_algorithm}, not aws:kms`),
        ...when(isKeyArn(byDefault.kms_master_key_id), `kms_master_key_id ${byDefault.kms_master_key_id} is not a key ARN`),
        ...when(rule.bucket_key_enabled === true, "bucket key is off"),
      ];
    },
  },
  {
    ids: "S3.5 CIS-2.1.2 CT.S3.PR.8 s3-bucket-ssl-requests-only",
    title: "the bucket policy denies every non-TLS request",
    check: (stack) =>
      bodies(stack, "aws_s3_bucket_policy").flatMap((p) => {
        const bucketArn = p.bucket.replace(/\.id\}$/, ".arn}");
        return when(denyOnTransport(parse(p.policy), "s3:*", [bucketArn, `${bucketArn}/*`]), "no Deny s3:* on aws:SecureTransport=false");
      }),
  },
  {
    ids: "S3.17 s3-default-encryption-kms (upload headers)",
    title: "the bucket policy denies uploads that ask for other encryption, another key or SSE-C (headerless multipart parts pass)",
    check: (stack) =>
      bodies(stack, "aws_s3_bucket_policy").flatMap((p) => {
        const denies = parse(p.policy).Statement.filter((s) => s.Effect === "Deny" && actions(s).includes("s3:PutObject"));
        const has = (operator: string, key: string, value: string | ((v: unknown) => boolean), onlyIfPresent = false) =>
          denies.some((s) => {
            const actual = s.Condition?.[operator]?.[key];
            // A deny of a header's other values must apply only when the header is sent: parts carry none.
            const scoped = !onlyIfPresent || s.Condition?.Null?.[key] === "false";
            return scoped && (typeof value === "function" ? value(actual) : actual === value);
          });
        return [
          ...when(
            has("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms", true),
            "uploads asking for other encryption are not denied",
          ),
          ...when(
            has("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", isKeyArn, true),
            "uploads asking for another key are not denied",
          ),
          ...when(has("Null", "s3:x-amz-server-side-encryption-customer-algorithm", "false"), "SSE-C uploads are not denied"),
        ];
      }),
  },
  {
    ids: "S3.6 CKV_AWS_70 CKV_AWS_93",
    title: "the bucket policy grants nothing: every statement is a conditional Deny",
    check: (stack) =>
      bodies(stack, "aws_s3_bucket_policy").flatMap((p) =>
        parse(p.policy).Statement.flatMap((s) =>
          when(s.Effect === "Deny" && s.Condition !== undefined, `statement ${s.Sid} is not a conditional Deny`),
        ),
      ),
  },
  {
    ids: "CKV_AWS_21 AWS-0090 S3.14 CT.S3.PR.11",
    title: "versioning is enabled where the environment promises it",
    check: (stack, expected) =>
      bodies(stack, "aws_s3_bucket_versioning").flatMap((v) =>
        when(
          bucketRef.test(v.bucket) && one(v.versioning_configuration).status === (expected.versioning ? "Enabled" : "Suspended"),
          `versioning is ${one(v.versioning_configuration).status}`,
        ),
      ),
  },
  {
    ids: "CKV2_AWS_61 CKV_AWS_300 S3.13 S3.10 CT.S3.PR.3 CT.S3.PR.6",
    title: "lifecycle aborts stale multipart uploads bucket-wide, expires payloads and old versions",
    check: (stack, expected) => {
      const configs = bodies(stack, "aws_s3_bucket_lifecycle_configuration").filter((c) => bucketRef.test(c.bucket));
      if (configs.length !== 1) return ["no lifecycle configuration wired to the bucket"];
      const rules: Body[] = configs[0].rule;
      const emptyFilter = (r: Body) => JSON.stringify(r.filter ?? [{}]) === "[{}]";
      return [
        ...when(
          rules.some(
            (r) => r.status === "Enabled" && emptyFilter(r) && one(r.abort_incomplete_multipart_upload)?.days_after_initiation >= 1,
          ),
          "no enabled, unfiltered abort-incomplete-multipart-upload rule",
        ),
        ...when(
          rules.some((r) => r.status === "Enabled" && one(r.expiration ?? [])?.days >= 1),
          "payloads never expire",
        ),
        ...when(
          !expected.versioning || rules.some((r) => one(r.noncurrent_version_expiration ?? [])?.noncurrent_days >= 1),
          "noncurrent versions never expire",
        ),
      ];
    },
  },
  {
    ids: "CKV_AWS_18 AWS-0089 S3.9 CT.S3.PR.2",
    title: "server access logging is on where a log bucket is configured",
    check: (stack, expected) => {
      const logging = bodies(stack, "aws_s3_bucket_logging").filter((l) => bucketRef.test(l.bucket) && l.target_bucket);
      return when(logging.length === (expected.accessLogging ? 1 : 0), `${logging.length} logging configurations`);
    },
  },
  {
    ids: "AWS-0320",
    title: "the bucket name has no dots",
    // Interpolations (account id, region) are dot-free values; their own syntax is not part of the name.
    check: (stack) =>
      bodies(stack, "aws_s3_bucket").flatMap((b) =>
        when(
          !String(b.bucket)
            .replace(/\$\{[^}]+\}/g, "x")
            .includes("."),
          `bucket name ${b.bucket} has a dot`,
        ),
      ),
  },
  {
    ids: "deletion protection (S3)",
    title: "force_destroy only where allowed, prevent_destroy where promised",
    check: (stack, expected) =>
      bodies(stack, "aws_s3_bucket").flatMap((b) => [
        ...when(expected.forceDestroyAllowed || b.force_destroy === false, "force_destroy is on"),
        ...when(
          (b.lifecycle?.prevent_destroy === true) === expected.preventDestroy,
          "prevent_destroy differs from the environment's promise",
        ),
      ]),
  },
];

export const SQS_CONTROLS: Control[] = [
  {
    ids: "CKV_AWS_27 CKV2_AWS_73 AWS-0096 AWS-0135 SQS.1 CT.SQS.PR.2",
    title: "both queues are encrypted with the customer-managed key, not alias/aws/sqs or SSE-SQS",
    check: (stack) =>
      bodies(stack, "aws_sqs_queue").flatMap((q) => [
        ...when(isKeyArn(q.kms_master_key_id), `${q.name}: kms_master_key_id ${q.kms_master_key_id} is not a customer-managed key ARN`),
        ...when(q.sqs_managed_sse_enabled === undefined, `${q.name}: sqs_managed_sse_enabled is set`),
      ]),
  },
  {
    ids: "SQS security best practice (aws:SecureTransport) CKV_AWS_72",
    title: "every queue has a TLS-only policy with an explicit Version, whose first action is not *",
    check: (stack) =>
      entries(stack, "aws_sqs_queue").flatMap(([id]) => {
        const policy = bodies(stack, "aws_sqs_queue_policy").find((p) => p.queue_url === `\${aws_sqs_queue.${id}.url}`);
        if (!policy) return [`${id}: no queue policy`];
        const document = parse(policy.policy);
        return [
          ...when(document.Version === "2012-10-17", `${id}: policy Version missing`),
          ...when(denyOnTransport(document, "sqs:*", [`\${aws_sqs_queue.${id}.arn}`]), `${id}: no Deny sqs:* on aws:SecureTransport=false`),
          ...when(document.Statement.length > 0 && !actions(document.Statement[0]).includes("*"), `${id}: first statement's action is *`),
        ];
      }),
  },
  {
    ids: "CKV_AWS_168 CKV_AWS_387 AWS-0097 sqs-queue-no-public-access",
    title: "no queue policy allows anyone, or allows * or sqs:*",
    check: (stack) =>
      queuePolicies(stack).flatMap((d) =>
        allows(d).flatMap((s) => [
          ...when(!isAnyone(s.Principal), `${s.Sid} allows anyone`),
          ...when(!actions(s).some((a) => a === "*" || a === "sqs:*"), `${s.Sid} allows every action`),
        ]),
      ),
  },
  {
    ids: "CT.SQS.PR.1",
    title: "the queue redrives to the DLQ (integer maxReceiveCount) and the DLQ accepts only that queue",
    check: (stack) => {
      const queues = entries(stack, "aws_sqs_queue");
      const main = queues.filter(([, q]) => q.redrive_policy !== undefined);
      const allowPolicies = bodies(stack, "aws_sqs_queue_redrive_allow_policy").map((p) => ({
        queueUrl: p.queue_url,
        policy: JSON.parse(p.redrive_allow_policy),
      }));
      if (main.length !== 1) return [`${main.length} queues have a redrive policy`];
      const [mainId, mainQueue] = main[0];
      const redrive = JSON.parse(mainQueue.redrive_policy);
      const dlqId = /aws_sqs_queue\.([A-Za-z0-9_]+)\.arn/.exec(redrive.deadLetterTargetArn)?.[1];
      return [
        ...when(
          Number.isInteger(redrive.maxReceiveCount) && redrive.maxReceiveCount >= 1,
          `maxReceiveCount ${redrive.maxReceiveCount} is not a positive integer`,
        ),
        ...when(dlqId !== undefined && stack.resource.aws_sqs_queue[dlqId] !== undefined, "the redrive target is not the module's DLQ"),
        ...when(
          allowPolicies.some(
            (a) =>
              a.queueUrl === `\${aws_sqs_queue.${dlqId}.url}` &&
              a.policy.redrivePermission === "byQueue" &&
              JSON.stringify(a.policy.sourceQueueArns) === JSON.stringify([`\${aws_sqs_queue.${mainId}.arn}`]),
          ),
          "the DLQ has no byQueue redrive-allow policy for the main queue",
        ),
      ];
    },
  },
  {
    ids: "SQS DLQ retention (reliability)",
    title: "the DLQ keeps claims longer than the main queue",
    check: (stack) => {
      const queues = bodies(stack, "aws_sqs_queue");
      const main = queues.find((q) => q.redrive_policy);
      const dlq = queues.find((q) => !q.redrive_policy);
      return when(dlq?.message_retention_seconds > main?.message_retention_seconds, "DLQ retention is not longer");
    },
  },
  {
    ids: "deletion protection (SQS)",
    title: "prevent_destroy on both queues where promised",
    check: (stack, expected) =>
      bodies(stack, "aws_sqs_queue").flatMap((q) =>
        when(
          (q.lifecycle?.prevent_destroy === true) === expected.preventDestroy,
          `${q.name}: prevent_destroy differs from the environment's promise`,
        ),
      ),
  },
];

export const KMS_CONTROLS: Control[] = [
  {
    ids: "CKV_AWS_7 AWS-0065 KMS.4 CIS-3.6 CT.KMS.PR.1",
    title: "a created key rotates and is a symmetric encryption key",
    check: (stack) =>
      bodies(stack, "aws_kms_key").flatMap((k) => [
        ...when(k.enable_key_rotation === true, "rotation is off"),
        ...when([undefined, "SYMMETRIC_DEFAULT"].includes(k.customer_master_key_spec), "key spec is not symmetric"),
        ...when([undefined, "ENCRYPT_DECRYPT"].includes(k.key_usage), "key usage is not ENCRYPT_DECRYPT"),
      ]),
  },
  {
    ids: "CKV_AWS_227",
    title: "a created key is enabled",
    check: (stack) => bodies(stack, "aws_kms_key").flatMap((k) => when(k.is_enabled !== false, "key is disabled")),
  },
  {
    ids: "CKV2_AWS_64",
    title: "a created key has an explicit policy, and no separate key-policy resource",
    check: (stack) => [
      ...bodies(stack, "aws_kms_key").flatMap((k) => when(typeof k.policy === "string" && k.policy.length > 0, "no key policy")),
      ...when(stack.resource.aws_kms_key_policy === undefined, "an aws_kms_key_policy exists"),
    ],
  },
  {
    ids: "CKV_AWS_33 KMS.5",
    title: "no key policy allows anyone",
    check: (stack) => keyPolicies(stack).flatMap((d) => allows(d).flatMap((s) => when(!isAnyone(s.Principal), `${s.Sid} allows anyone`))),
  },
  {
    ids: "KMS.3",
    title: "the deletion window and lockout check match the environment; prevent_destroy where promised",
    check: (stack, expected) =>
      bodies(stack, "aws_kms_key").flatMap((k) => [
        ...when(k.deletion_window_in_days === expected.deletionWindowInDays, `deletion window is ${k.deletion_window_in_days}`),
        ...when(!k.bypass_policy_lockout_safety_check, "the lockout safety check is bypassed"),
        ...when(
          (k.lifecycle?.prevent_destroy === true) === expected.preventDestroy,
          "prevent_destroy differs from the environment's promise",
        ),
      ]),
  },
  {
    ids: "KMS hygiene",
    title: "single-region key, and an alias outside alias/aws/",
    check: (stack) => [
      ...bodies(stack, "aws_kms_key").flatMap((k) => when(k.multi_region !== true, "key is multi-Region")),
      ...bodies(stack, "aws_kms_alias").flatMap((a) => when(!String(a.name).startsWith("alias/aws/"), `alias ${a.name} is reserved`)),
    ],
  },
  {
    ids: "existing key (security-controls §1.3)",
    title: "an existing key is never modified: no key, key policy or grant resources besides a created key",
    check: (stack) => [
      ...when(stack.resource.aws_kms_key_policy === undefined, "an aws_kms_key_policy exists"),
      ...when(stack.resource.aws_kms_grant === undefined, "an aws_kms_grant exists"),
      ...when(bodies(stack, "aws_kms_key").length <= 1, "more than one key"),
    ],
  },
];

export const IAM_CONTROLS: Control[] = [
  {
    ids: "CKV_AWS_62 CKV_AWS_63 CKV2_AWS_40 IAM.1 CIS-1.16",
    title: "no identity policy allows * or iam:*",
    check: (stack) =>
      identityPolicies(stack).flatMap((d) =>
        allows(d).flatMap((s) => when(!actions(s).some((a) => a === "*" || a.startsWith("iam:")), `${s.Sid} allows * or iam:*`)),
      ),
  },
  {
    ids: "IAM.21 AWS-0345",
    title: "no identity policy allows a whole service (service:*) or any wildcard action",
    check: (stack) =>
      identityPolicies(stack).flatMap((d) =>
        allows(d).flatMap((s) => when(!actions(s).some((a) => a.includes("*")), `${s.Sid} has a wildcard action`)),
      ),
  },
  {
    ids: "CKV_AWS_355 CKV_AWS_286 CKV_AWS_287 CKV_AWS_288 CKV_AWS_289 CKV_AWS_290 AWS-0346",
    title: "every identity-policy statement names a concrete resource, never *",
    check: (stack) =>
      identityPolicies(stack).flatMap((d) => d.Statement.flatMap((s) => when(!resources(s).includes("*"), `${s.Sid} has Resource *`))),
  },
  {
    ids: "KMS.1 KMS.2",
    title: "KMS actions in identity policies apply to the key ARN only",
    check: (stack) =>
      identityPolicies(stack).flatMap((d) =>
        d.Statement.filter((s) => actions(s).some((a) => a.startsWith("kms:"))).flatMap((s) =>
          when(resources(s).every(isKeyArn), `${s.Sid} grants KMS on ${resources(s).join(", ")}`),
        ),
      ),
  },
  {
    ids: "AWS-0342",
    title: "no identity policy allows iam:PassRole",
    check: (stack) =>
      identityPolicies(stack).flatMap((d) =>
        allows(d).flatMap((s) => when(!actions(s).includes("iam:PassRole"), `${s.Sid} allows iam:PassRole`)),
      ),
  },
  {
    ids: "CKV_AWS_40 CKV_AWS_274 CKV2_AWS_56",
    title: "policies are attached to roles only, and no AWS-managed admin policy is attached",
    check: (stack) => [
      ...["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"].flatMap(
        (type) => when(stack.resource[type] === undefined, `${type} is used`),
      ),
      ...bodies(stack, "aws_iam_role_policy_attachment").flatMap((a) =>
        when(refTo("aws_iam_policy", "arn").test(a.policy_arn), `role ${a.role} gets ${a.policy_arn}`),
      ),
    ],
  },
  {
    ids: "CKV_AWS_60 CKV_AWS_61",
    title: "the module creates no role, so no trust policy can trust a whole account",
    check: (stack) => when(stack.resource.aws_iam_role === undefined, "an aws_iam_role is created"),
  },
];

export const TAG_CONTROLS: Control[] = [
  {
    ids: "project tagging requirement",
    title: "every taggable resource carries Environment, ManagedBy and Pattern",
    check: (stack) =>
      ["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_iam_policy"].flatMap((type) =>
        bodies(stack, type).flatMap((r) =>
          ["Environment", "ManagedBy", "Pattern"].flatMap((tag) =>
            when(typeof r.tags?.[tag] === "string" && r.tags[tag].length > 0, `${type} lacks tag ${tag}`),
          ),
        ),
      ),
  },
];

export const ALL_CONTROLS: Control[] = [...S3_CONTROLS, ...SQS_CONTROLS, ...KMS_CONTROLS, ...IAM_CONTROLS, ...TAG_CONTROLS];
