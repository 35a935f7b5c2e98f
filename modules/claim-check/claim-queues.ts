import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { Construct } from "constructs";
import { ResolvedClaimCheckProps } from "./spec";
import { claimQueueBaseName, deadLetterQueueBaseName, queueName } from "./spec";
import { buildQueuePolicy, redriveAllowPolicy, redrivePolicy, renderPolicy } from "./spec";

export interface ClaimQueues {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
}

/**
 * The claim queue and its dead-letter queue, both encrypted with the customer-managed key,
 * TLS-only, and linked both ways (redrive policy on the queue, redrive-allow policy on the DLQ).
 */
export function createClaimQueues(scope: Construct, props: ResolvedClaimCheckProps, keyArn: string): ClaimQueues {
  const shared = {
    fifoQueue: props.fifo ? true : undefined,
    contentBasedDeduplication: props.fifo ? props.contentBasedDeduplication : undefined,
    maxMessageSize: props.maxMessageSize,
    receiveWaitTimeSeconds: props.receiveWaitTimeSeconds,
    visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
    kmsMasterKeyId: keyArn,
    kmsDataKeyReusePeriodSeconds: props.kmsDataKeyReusePeriodSeconds,
    lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
  };

  const deadLetterQueue = new SqsQueue(scope, "DeadLetterQueue", {
    ...shared,
    name: queueName(deadLetterQueueBaseName(props.name), props.fifo),
    messageRetentionSeconds: props.dlqMessageRetentionSeconds,
  });

  const queue = new SqsQueue(scope, "Queue", {
    ...shared,
    name: queueName(claimQueueBaseName(props.name), props.fifo),
    messageRetentionSeconds: props.messageRetentionSeconds,
    delaySeconds: props.delaySeconds,
    redrivePolicy: JSON.stringify(redrivePolicy(deadLetterQueue.arn, props.maxReceiveCount)),
  });

  new SqsQueueRedriveAllowPolicy(scope, "DeadLetterQueueRedriveAllowPolicy", {
    queueUrl: deadLetterQueue.url,
    redriveAllowPolicy: JSON.stringify(redriveAllowPolicy(queue.arn)),
  });

  new SqsQueuePolicy(scope, "QueuePolicy", { queueUrl: queue.url, policy: renderPolicy(buildQueuePolicy(queue.arn)) });
  new SqsQueuePolicy(scope, "DeadLetterQueuePolicy", {
    queueUrl: deadLetterQueue.url,
    policy: renderPolicy(buildQueuePolicy(deadLetterQueue.arn)),
  });
  return { queue, deadLetterQueue };
}
