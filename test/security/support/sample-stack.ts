import { PolicyDocument, PolicyStatement } from "../../../modules/claim-check";
import { SynthesizedStack } from "../../support/synth";

/** Well-formed sample values that stand in for what Terraform learns at apply time. */
export const SAMPLE = {
  partition: "aws",
  accountId: "111122223333",
  otherAccountId: "444455556666",
  region: "eu-west-1",
  keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
} as const;

/** Values of the data sources, keyed `type.attribute`. */
export const DATA_VALUES: Record<string, string> = {
  "aws_caller_identity.account_id": SAMPLE.accountId,
  "aws_region.region": SAMPLE.region,
  "aws_region.name": SAMPLE.region,
  "aws_partition.partition": SAMPLE.partition,
};

/** How each referenced resource attribute is computed from the (data-resolved) resource body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
export const RESOURCE_ATTRIBUTES: Record<string, (body: Record<string, any>) => Record<string, string>> = {
  aws_s3_bucket: (b) => ({ id: b.bucket, bucket: b.bucket, arn: `arn:${SAMPLE.partition}:s3:::${b.bucket}` }),
  aws_sqs_queue: (q) => {
    const url = `https://sqs.${SAMPLE.region}.amazonaws.com/${SAMPLE.accountId}/${q.name}`;
    return { id: url, url, name: q.name, arn: `arn:${SAMPLE.partition}:sqs:${SAMPLE.region}:${SAMPLE.accountId}:${q.name}` };
  },
  aws_kms_key: () => ({
    id: SAMPLE.keyId,
    key_id: SAMPLE.keyId,
    arn: `arn:${SAMPLE.partition}:kms:${SAMPLE.region}:${SAMPLE.accountId}:key/${SAMPLE.keyId}`,
  }),
  aws_kms_alias: (a) => ({ name: a.name, arn: `arn:${SAMPLE.partition}:kms:${SAMPLE.region}:${SAMPLE.accountId}:${a.name}` }),
  aws_iam_policy: (p) => ({ name: p.name, arn: `arn:${SAMPLE.partition}:iam::${SAMPLE.accountId}:policy/${p.name}` }),
};

const replaceAll = (json: string, lookup: (type: string, name: string, attribute: string) => string, pattern: RegExp): string =>
  json.replace(pattern, (whole, type: string, name: string, attribute: string) => {
    const value = lookup(type, name, attribute);
    if (value === undefined) throw new Error(`cannot resolve ${whole}`);
    return value;
  });

/**
 * The stack with every Terraform reference replaced by a sample value, as after `terraform apply`.
 * An unknown reference throws, so nothing is silently left unresolved.
 */
export function resolveStack(stack: SynthesizedStack): SynthesizedStack {
  const withData = replaceAll(
    JSON.stringify(stack),
    (type, _name, attribute) => DATA_VALUES[`${type}.${attribute}`],
    /\$\{data\.([a-z0-9_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)\}/g,
  );
  const partial: SynthesizedStack = JSON.parse(withData);
  const resolved = replaceAll(
    withData,
    (type, name, attribute) => {
      const body = partial.resource[type]?.[name];
      return body && RESOURCE_ATTRIBUTES[type]?.(body)[attribute];
    },
    /\$\{([a-z0-9_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)\}/g,
  );
  return JSON.parse(resolved);
}

/** The policies and ARNs of one resolved claim-check stack, ready for simulation. */
export interface StackPolicies {
  readonly bucketArn: string;
  readonly payloadPrefix: string;
  readonly queueArn: string;
  readonly dlqArn: string;
  readonly keyArn: string;
  readonly producer: PolicyDocument;
  readonly consumer: PolicyDocument;
  readonly bucketPolicy: PolicyDocument;
  readonly queuePolicy: PolicyDocument;
  readonly dlqPolicy: PolicyDocument;
  /**
   * The key policy: the created key's, or for an existing key, a policy holding only the statements
   * the module asks its owner to add (the strictest key policy the owner could have).
   */
  readonly keyPolicy: PolicyDocument;
}

const single = <T>(items: T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0];
};

export function policiesOf(resolved: SynthesizedStack): StackPolicies {
  const r = resolved.resource;
  const output = (name: string) => resolved.output?.[name]?.value as string;
  const queues = Object.values(r.aws_sqs_queue);
  const queue = single(
    queues.filter((q) => !/-dlq(\.fifo)?$/.test(q.name)),
    "claim queue",
  );
  const dlq = single(
    queues.filter((q) => /-dlq(\.fifo)?$/.test(q.name)),
    "dead-letter queue",
  );
  const url = (q: { name: string }) => RESOURCE_ATTRIBUTES.aws_sqs_queue(q).url;
  const queuePolicyFor = (q: { name: string }) =>
    JSON.parse(
      single(
        Object.values(r.aws_sqs_queue_policy).filter((p) => p.queue_url === url(q)),
        `policy of ${q.name}`,
      ).policy,
    );
  const iamPolicy = (suffix: string) =>
    JSON.parse(
      single(
        Object.values(r.aws_iam_policy).filter((p) => p.name.endsWith(suffix)),
        `${suffix} policy`,
      ).policy,
    );
  const createdKey = r.aws_kms_key ? single(Object.values(r.aws_kms_key), "key") : undefined;
  const requiredStatements: PolicyStatement[] = JSON.parse(output("required_kms_key_policy_statements") ?? "[]");

  return {
    bucketArn: output("bucket_arn"),
    payloadPrefix: output("payload_prefix"),
    queueArn: RESOURCE_ATTRIBUTES.aws_sqs_queue(queue).arn,
    dlqArn: RESOURCE_ATTRIBUTES.aws_sqs_queue(dlq).arn,
    keyArn: output("kms_key_arn"),
    producer: iamPolicy("-producer"),
    consumer: iamPolicy("-consumer"),
    bucketPolicy: JSON.parse(single(Object.values(r.aws_s3_bucket_policy), "bucket policy").policy),
    queuePolicy: queuePolicyFor(queue),
    dlqPolicy: queuePolicyFor(dlq),
    keyPolicy: createdKey ? JSON.parse(createdKey.policy) : { Version: "2012-10-17", Statement: requiredStatements },
  };
}
