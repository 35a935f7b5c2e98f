/** The ARNs the workflow calls: Terraform tokens at synth, local ARNs in the local runtime and tests. */
export interface WorkflowTargets {
  readonly saveOrderFunctionArn: string;
  readonly processPaymentFunctionArn: string;
  readonly updateOrderFunctionArn: string;
  readonly failOrderFunctionArn: string;
  readonly orderEventsTopicArn: string;
}

/** Retry settings of the simulated payment gateway's timeouts (the local runtime shortens only the interval). */
export const PAYMENT_RETRY = { IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 } as const;

const LAMBDA_TRANSIENT_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
const lambdaRetry = [{ ErrorEquals: LAMBDA_TRANSIENT_ERRORS, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL" }];
const toFailure = { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "MarkFailed" };

const invoke = (functionArn: string, payload: Record<string, unknown>) => ({
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: { FunctionName: functionArn, Payload: payload },
  Retry: lambdaRetry,
});

const publish = (topicArn: string, next: string) => ({
  Type: "Task",
  Resource: "arn:aws:states:::sns:publish",
  Parameters: {
    TopicArn: topicArn,
    "Message.$": "States.JsonToString($.final.event)",
    MessageAttributes: { eventType: { DataType: "String", "StringValue.$": "States.Format('order.{}', $.final.status)" } },
  },
  ResultPath: null,
  Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
  Next: next,
});

const deletePayload = (withVersion: boolean) => ({
  Type: "Task",
  Resource: "arn:aws:states:::aws-sdk:s3:deleteObject",
  // Only the location SaveOrder checked against the app's bucket and prefix, never the claim's own fields.
  Parameters: {
    "Bucket.$": "$.saved.payload.bucket",
    "Key.$": "$.saved.payload.key",
    ...(withVersion ? { "VersionId.$": "$.saved.payload.versionId" } : {}),
  },
  ResultPath: null,
  // A payload that cannot be deleted now is removed by the module's expiry rule: never fail a completed order for it.
  Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "Done" }],
  Next: "Done",
});

/**
 * The order workflow (Standard, JSONPath). State data carries the claim and ids only, never the order
 * document: every result is trimmed with ResultSelector, because state I/O above 256 KiB raises
 * States.DataLimitExceeded, which no Catch can handle. SaveOrder -> ProcessPayment (retried on gateway
 * timeouts, decline caught) -> UpdateOrder -> publish the event -> delete the payload SaveOrder verified
 * (exact version on versioned buckets); any unexpected error -> MarkFailed -> publish -> Fail.
 */
export function orderWorkflowDefinition(targets: WorkflowTargets) {
  return {
    Comment: "Order workflow: carries only the claim (ids + S3 pointer or a small inline order), never a large payload",
    StartAt: "SaveOrder",
    TimeoutSeconds: 900,
    States: {
      SaveOrder: {
        ...invoke(targets.saveOrderFunctionArn, {
          "orderId.$": "$.orderId",
          "messageId.$": "$.messageId",
          "claim.$": "$.claim",
          "executionArn.$": "$$.Execution.Id",
        }),
        ResultSelector: {
          "status.$": "$.Payload.status",
          "totalCents.$": "$.Payload.totalCents",
          "simulate.$": "$.Payload.simulate",
          "payload.$": "$.Payload.payload",
        },
        ResultPath: "$.saved",
        Catch: [toFailure],
        Next: "ProcessPayment",
      },
      ProcessPayment: {
        ...invoke(targets.processPaymentFunctionArn, {
          "orderId.$": "$.orderId",
          "amountCents.$": "$.saved.totalCents",
          "simulate.$": "$.saved.simulate",
          "idempotencyKey.$": "States.Format('{}-payment', $.orderId)",
        }),
        ResultSelector: { "outcome.$": "$.Payload.outcome", "paymentId.$": "$.Payload.paymentId" },
        ResultPath: "$.payment",
        TimeoutSeconds: 30,
        Retry: [...lambdaRetry, { ErrorEquals: ["PaymentGatewayTimeout"], ...PAYMENT_RETRY }],
        Catch: [{ ErrorEquals: ["PaymentDeclined"], ResultPath: "$.payment", Next: "UpdateOrder" }, toFailure],
        Next: "UpdateOrder",
      },
      UpdateOrder: {
        ...invoke(targets.updateOrderFunctionArn, { "orderId.$": "$.orderId", "messageId.$": "$.messageId", "payment.$": "$.payment" }),
        ResultSelector: { "status.$": "$.Payload.status", "event.$": "$.Payload.event" },
        ResultPath: "$.final",
        Catch: [toFailure],
        Next: "PublishOrderEvent",
      },
      PublishOrderEvent: publish(targets.orderEventsTopicArn, "PayloadOffloaded?"),
      "PayloadOffloaded?": {
        Type: "Choice",
        Choices: [
          {
            And: [
              { Variable: "$.saved.payload.key", IsPresent: true },
              { Variable: "$.saved.payload.versionId", IsPresent: true },
            ],
            Next: "DeletePayloadVersion",
          },
          { Variable: "$.saved.payload.key", IsPresent: true, Next: "DeletePayload" },
        ],
        Default: "Done",
      },
      DeletePayloadVersion: deletePayload(true),
      DeletePayload: deletePayload(false),
      Done: { Type: "Succeed" },
      MarkFailed: {
        ...invoke(targets.failOrderFunctionArn, { "orderId.$": "$.orderId", "messageId.$": "$.messageId", "error.$": "$.error" }),
        ResultSelector: { "status.$": "$.Payload.status", "event.$": "$.Payload.event" },
        ResultPath: "$.final",
        Next: "PublishFailedEvent",
      },
      PublishFailedEvent: publish(targets.orderEventsTopicArn, "Failed"),
      Failed: { Type: "Fail", Error: "OrderFailed", Cause: "The order failed: see the order's reason and the execution history" },
    },
  };
}

/** Names of the states that call each Lambda (the local runtime maps them to the same handler modules). */
export const LAMBDA_STATES = {
  SaveOrder: "saveOrder",
  ProcessPayment: "processPayment",
  UpdateOrder: "updateOrder",
  MarkFailed: "failOrder",
} as const;
