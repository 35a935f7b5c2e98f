import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createLocalClaimCheck, LOCAL_CREDENTIALS, LOCAL_REGION } from "../../../scripts/local/local-claim-check";

export interface LocalOrdersResources {
  readonly bucketName: string;
  readonly payloadPrefix: string;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly kmsKeyArn: string;
  readonly maxMessageSize: number;
  readonly topicArn: string;
  readonly outboxUrl: string;
  readonly outboxDlqUrl: string;
}

export interface LocalQueueSettings {
  /** Claim queue visibility timeout: how soon a claim that failed to start is retried. */
  readonly claimVisibilityTimeoutSeconds: number;
  readonly outboxVisibilityTimeoutSeconds: number;
  readonly outboxMaxReceiveCount: number;
}

/**
 * Creates in the emulator what the stack creates: the claim check (bucket, queue, DLQ, with the module's
 * names and settings, through the project's local helper), the order-events topic and the webhook outbox
 * queue with its DLQ, subscribed with raw delivery.
 */
export async function createLocalOrdersResources(endpoint: string, settings: LocalQueueSettings): Promise<LocalOrdersResources> {
  const claimCheck = await createLocalClaimCheck(endpoint, { visibilityTimeoutSeconds: settings.claimVisibilityTimeoutSeconds });
  const connection = { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient(connection);
  const sns = new SNSClient(connection);
  try {
    const arnOf = async (url: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const outboxDlq = await sqs.send(new CreateQueueCommand({ QueueName: "orders-local-webhook-outbox-dlq" }));
    const outbox = await sqs.send(
      new CreateQueueCommand({
        QueueName: "orders-local-webhook-outbox",
        Attributes: {
          VisibilityTimeout: String(settings.outboxVisibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: await arnOf(outboxDlq.QueueUrl!),
            maxReceiveCount: settings.outboxMaxReceiveCount,
          }),
        },
      }),
    );
    const topic = await sns.send(new CreateTopicCommand({ Name: "orders-local-order-events" }));
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: "sqs",
        Endpoint: await arnOf(outbox.QueueUrl!),
        Attributes: { RawMessageDelivery: "true" },
      }),
    );
    return {
      ...claimCheck.config,
      dlqUrl: claimCheck.dlqUrl,
      topicArn: topic.TopicArn!,
      outboxUrl: outbox.QueueUrl!,
      outboxDlqUrl: outboxDlq.QueueUrl!,
    };
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}
