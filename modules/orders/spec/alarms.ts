/** One CloudWatch alarm as plain data (the construct creates them; tests read them). */
export interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum" | "Average";
  readonly threshold: number;
  readonly comparisonOperator: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
  readonly periodSeconds: number;
}

export interface AlarmInputs {
  readonly claimQueueName: string;
  readonly claimDlqName: string;
  readonly outboxDlqName: string;
  readonly stateMachineArn: string;
  readonly httpApiId: string;
  /** Function role -> function name. */
  readonly functionNames: Record<string, string>;
}

/** The alarm set: claim DLQ depth, oldest claim age, webhook DLQ depth, failed/timed-out executions, function errors, HTTP 5xx. */
export function alarmSpecs(i: AlarmInputs): AlarmSpec[] {
  const sqs = (
    id: string,
    description: string,
    queueName: string,
    metricName: string,
    threshold: number,
    statistic: AlarmSpec["statistic"] = "Maximum",
  ): AlarmSpec => ({
    id,
    description,
    namespace: "AWS/SQS",
    metricName,
    dimensions: { QueueName: queueName },
    statistic,
    threshold,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    periodSeconds: 300,
  });
  const states = (id: string, metricName: string, description: string): AlarmSpec => ({
    id,
    description,
    namespace: "AWS/States",
    metricName,
    dimensions: { StateMachineArn: i.stateMachineArn },
    statistic: "Sum",
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    periodSeconds: 300,
  });
  return [
    sqs(
      "ClaimDlqDepth",
      "Claims that could not start a workflow after 5 receives are in the claim DLQ",
      i.claimDlqName,
      "ApproximateNumberOfMessagesVisible",
      1,
    ),
    sqs(
      "ClaimQueueOldestMessage",
      "The oldest claim has waited more than 5 minutes: the trigger is failing or throttled",
      i.claimQueueName,
      "ApproximateAgeOfOldestMessage",
      300,
    ),
    sqs(
      "WebhookDlqDepth",
      "Webhook events that could not be delivered are in the outbox DLQ",
      i.outboxDlqName,
      "ApproximateNumberOfMessagesVisible",
      1,
    ),
    states("ExecutionsFailed", "ExecutionsFailed", "Order workflows failed (FAILED orders or errors)"),
    states("ExecutionsTimedOut", "ExecutionsTimedOut", "Order workflows timed out"),
    {
      id: "HttpApi5xx",
      description: "The HTTP API answered 5xx",
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: i.httpApiId },
      statistic: "Sum",
      threshold: 5,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      periodSeconds: 300,
    },
    ...Object.entries(i.functionNames).map(([role, functionName]): AlarmSpec => ({
      id: `Errors-${role}`,
      description: `Function ${functionName} reported errors`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      periodSeconds: 300,
    })),
  ];
}
