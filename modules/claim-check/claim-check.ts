import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { AccessPolicy, RoleReference } from "./access-policies";
import { createClaimQueues } from "./claim-queues";
import { applyDefaults, MANAGED_BY_TAG_VALUE, PATTERN_TAG_VALUE, ResolvedClaimCheckProps } from "./spec";
import { createEncryptionKey } from "./encryption-key";
import { minimumPayloadExpirationDays } from "./spec";
import { defaultBucketName } from "./spec";
import { createPayloadBucket } from "./payload-bucket";
import {
  accountRootArn,
  buildConsumerPolicy,
  buildProducerPolicy,
  buildRequiredKeyPolicyStatements,
  IdentityPolicyInputs,
  PolicyDocument,
  PolicyStatement,
  rolePrincipalArn,
} from "./spec";
import { ClaimCheckProps } from "./spec";
import { resolveKeyChoice } from "./spec";
import { TagsAspect } from "./tagging";
import { assertPropsObject, validateProps } from "./spec";

/** The region of the stack's default AWS provider, when the configuration names it as a literal. */
function literalProviderRegion(scope: Construct): string | undefined {
  const providers = TerraformStack.of(scope)
    .node.findAll()
    .filter((node): node is AwsProvider => node instanceof AwsProvider && node.alias === undefined);
  const region = providers[0]?.region;
  return typeof region === "string" && !Token.isUnresolved(region) ? region : undefined;
}

/**
 * The Claim Check pattern on AWS: an SSE-KMS payload bucket, a KMS-encrypted claim queue with a
 * dead-letter queue, a created or existing KMS key, and least-privilege producer and consumer policies.
 *
 * Construct ids below are Terraform state addresses: renaming one destroys and re-creates the resource.
 */
export class ClaimCheck extends Construct {
  /** The props with every default applied. */
  public readonly settings: ResolvedClaimCheckProps;
  public readonly bucket: S3Bucket;
  public readonly queue: SqsQueue;
  public readonly deadLetterQueue: SqsQueue;
  /** The created key; `undefined` when `existingKmsKeyArn` is used. */
  public readonly key?: KmsKey;
  /** The created key's alias; `undefined` when `existingKmsKeyArn` is used. */
  public readonly keyAlias?: KmsAlias;
  /** Full ARN of the key that encrypts payloads and claims, created or existing. */
  public readonly keyArn: string;
  public readonly producerPolicy: IamPolicy;
  public readonly consumerPolicy: IamPolicy;
  /** The producer policy as plain data (references appear as Terraform interpolations). */
  public readonly producerPolicyDocument: PolicyDocument;
  public readonly consumerPolicyDocument: PolicyDocument;
  /** Statements the owner of an existing key must add to its key policy; empty for a created key. */
  public readonly requiredKeyPolicyStatements: PolicyStatement[];
  /** Days after which payloads expire: given, or the minimum that satisfies the lifetime invariant. */
  public readonly payloadExpirationDays: number;
  /** Tags on every taggable resource of the construct. */
  public readonly tags: Readonly<Record<string, string>>;
  private readonly producerAccess: AccessPolicy;
  private readonly consumerAccess: AccessPolicy;
  private readonly grantCounts: Partial<Record<"grantProduce" | "grantConsume", number>> = {};

  constructor(scope: Construct, id: string, props: ClaimCheckProps) {
    super(scope, id);
    assertPropsObject(props);
    const settings = applyDefaults(props);
    validateProps(props, settings, { isUnresolved: (value) => Token.isUnresolved(value), stackRegion: literalProviderRegion(this) });
    this.settings = settings;
    this.payloadExpirationDays = settings.payloadExpirationDays ?? minimumPayloadExpirationDays(settings);

    this.tags = {
      ...settings.tags,
      Environment: settings.environment,
      ManagedBy: MANAGED_BY_TAG_VALUE,
      Pattern: PATTERN_TAG_VALUE,
    };
    Aspects.of(this).add(new TagsAspect(this.tags));

    const partition = new DataAwsPartition(this, "Partition").partition;
    const accountId = new DataAwsCallerIdentity(this, "Account").accountId;
    const region = new DataAwsRegion(this, "Region").region;

    const keyChoice = resolveKeyChoice(settings);
    if (keyChoice.kind === "created") {
      const created = createEncryptionKey(this, {
        name: settings.name,
        choice: keyChoice,
        preventDestroy: settings.preventDestroy,
        partition,
        accountId,
      });
      this.key = created.key;
      this.keyAlias = created.alias;
      this.keyArn = created.key.arn;
    } else {
      this.keyArn = keyChoice.arn;
    }

    this.bucket = createPayloadBucket(this, {
      props: settings,
      bucketName: settings.bucketName ?? defaultBucketName(settings.name, accountId, region),
      keyArn: this.keyArn,
      payloadExpirationDays: this.payloadExpirationDays,
    });
    const queues = createClaimQueues(this, settings, this.keyArn);
    this.queue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;

    const policyInputs: IdentityPolicyInputs = {
      region,
      bucketArn: this.bucket.arn,
      payloadPrefix: settings.payloadPrefix,
      queueArn: this.queue.arn,
      keyArn: this.keyArn,
      versioning: settings.versioning,
      deleteOnConsume: settings.deleteOnConsume,
      expireConsumedPayloads: settings.expireConsumedPayloads,
    };
    this.producerPolicyDocument = buildProducerPolicy(policyInputs);
    this.consumerPolicyDocument = buildConsumerPolicy(policyInputs);
    this.producerAccess = new AccessPolicy(this, { role: "Producer", name: settings.name, document: this.producerPolicyDocument });
    this.consumerAccess = new AccessPolicy(this, { role: "Consumer", name: settings.name, document: this.consumerPolicyDocument });
    this.producerPolicy = this.producerAccess.policy;
    this.consumerPolicy = this.consumerAccess.policy;
    // A reference in the lists is keyed by its index: a for_each key must be known at plan.
    settings.producerRoleNames.forEach((name, index) => this.producerAccess.attachTo(name, `producerRoleNames[${index}]`));
    settings.consumerRoleNames.forEach((name, index) => this.consumerAccess.attachTo(name, `consumerRoleNames[${index}]`));

    const principals = (roleNames: readonly string[]): string[] =>
      roleNames.length > 0
        ? roleNames.map((roleName) => rolePrincipalArn(partition, accountId, roleName))
        : [accountRootArn(partition, accountId)];
    this.requiredKeyPolicyStatements =
      keyChoice.kind === "created"
        ? []
        : buildRequiredKeyPolicyStatements({
            region,
            bucketArn: this.bucket.arn,
            payloadPrefix: settings.payloadPrefix,
            producerPrincipals: principals(settings.producerRoleNames),
            consumerPrincipals: principals(settings.consumerRoleNames),
          });
  }

  /**
   * Attaches the producer policy to a role, e.g. an `IamRole` defined later in the same stack. Roles
   * granted this way are not in `requiredKeyPolicyStatements`: with an existing key, add them to
   * `producerRoleNames` instead, or grant them in the key policy yourself.
   */
  public grantProduce(role: RoleReference): void {
    this.producerAccess.attachTo(role.name, this.grantKey(role, "grantProduce"));
  }

  /** Attaches the consumer policy to a role (see {@link grantProduce}). */
  public grantConsume(role: RoleReference): void {
    this.consumerAccess.attachTo(role.name, this.grantKey(role, "grantConsume"));
  }

  /**
   * The attachment key of a role whose name is a reference (unknown until apply, so unusable as a
   * for_each key): the role construct's path, or for a plain object the call's position among the method's grants (`grantProduce[1]`).
   */
  private grantKey(role: RoleReference, method: "grantProduce" | "grantConsume"): string {
    const position = this.grantCounts[method] ?? 0;
    this.grantCounts[method] = position + 1;
    return Construct.isConstruct(role) ? role.node.path : `${method}[${position}]`;
  }

  public get bucketName(): string {
    return this.bucket.bucket;
  }

  public get bucketArn(): string {
    return this.bucket.arn;
  }

  public get payloadPrefix(): string {
    return this.settings.payloadPrefix;
  }

  public get queueUrl(): string {
    return this.queue.url;
  }

  public get queueArn(): string {
    return this.queue.arn;
  }
}
