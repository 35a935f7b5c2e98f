import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { devConfig } from "../../environments";
import { ClaimCheckConfig, createClients } from "../../client";
import {
  applyDefaults,
  ClaimCheckProps,
  claimQueueBaseName,
  deadLetterQueueBaseName,
  defaultBucketName,
  queueName,
} from "../../modules/claim-check";

export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "us-east-1";
export const LOCAL_KEY_ARN = `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/00000000-0000-4000-8000-000000000000`;
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export interface LocalClaimCheck {
  readonly config: ClaimCheckConfig;
  readonly dlqUrl: string;
  readonly connection: { endpoint: string; region: string; credentials: typeof LOCAL_CREDENTIALS };
}

/**
 * Creates in the emulator what the module creates for an environment (dev by default): the payload
 * bucket and the claim queue with its dead-letter queue, with the module's names and queue settings.
 * Returns the same configuration the module's outputs give a real deployment.
 */
export async function createLocalClaimCheck(endpoint: string, overrides: Partial<ClaimCheckProps> = {}): Promise<LocalClaimCheck> {
  const settings = applyDefaults({ ...devConfig({}).claimCheck, ...overrides });
  const connection = { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const { s3, sqs } = createClients(connection);
  const bucketName = settings.bucketName ?? defaultBucketName(settings.name, LOCAL_ACCOUNT, LOCAL_REGION);
  await s3.send(new CreateBucketCommand({ Bucket: bucketName }));

  const common = {
    KmsMasterKeyId: LOCAL_KEY_ARN,
    KmsDataKeyReusePeriodSeconds: String(settings.kmsDataKeyReusePeriodSeconds),
    MaximumMessageSize: String(settings.maxMessageSize),
    ReceiveMessageWaitTimeSeconds: String(settings.receiveWaitTimeSeconds),
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    ...(settings.fifo ? { FifoQueue: "true", ContentBasedDeduplication: String(settings.contentBasedDeduplication) } : {}),
  };
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName(deadLetterQueueBaseName(settings.name), settings.fifo),
      Attributes: { ...common, MessageRetentionPeriod: String(settings.dlqMessageRetentionSeconds) },
    }),
  );
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!
    .QueueArn!;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName(claimQueueBaseName(settings.name), settings.fifo),
      Attributes: {
        ...common,
        MessageRetentionPeriod: String(settings.messageRetentionSeconds),
        DelaySeconds: String(settings.delaySeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: settings.maxReceiveCount }),
      },
    }),
  );
  return {
    config: {
      bucketName,
      payloadPrefix: settings.payloadPrefix,
      queueUrl: queue.QueueUrl!,
      kmsKeyArn: LOCAL_KEY_ARN,
      maxMessageSize: settings.maxMessageSize,
    },
    dlqUrl: dlq.QueueUrl!,
    connection,
  };
}
