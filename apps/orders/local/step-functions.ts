import { DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { StateMachine } from "aws-local-stepfunctions";
import { IncomingMessage, ServerResponse } from "node:http";
import { LAMBDA_STATES, orderWorkflowDefinition, WorkflowTargets } from "../../../modules/orders/spec/workflow-definition";
import { installPromiseWithResolvers } from "./polyfill";

installPromiseWithResolvers();

type JsonValue = Parameters<StateMachine["run"]>[0];
export type LambdaFunction = (payload: never) => Promise<unknown>;

export interface LocalExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  stopDate?: Date;
  error?: string;
  cause?: string;
  readonly done: Promise<void>;
}

export interface LocalStepFunctionsOptions {
  readonly stateMachineArn: string;
  readonly targets: WorkflowTargets;
  /** The Lambda handlers by workflow role (the same modules that are bundled for AWS). */
  readonly functions: Record<(typeof LAMBDA_STATES)[keyof typeof LAMBDA_STATES], LambdaFunction>;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** Retry pauses in ms instead of the definition's seconds (0 keeps tests fast). @default 0 */
  readonly retryIntervalMs?: number;
}

/** Lambda errors reach Step Functions as Error = errorType, Cause = JSON {errorType, errorMessage}. */
function asLambdaError(error: unknown): Error {
  const original = error as Error;
  const wrapped = new Error(JSON.stringify({ errorType: original.name, errorMessage: original.message }));
  wrapped.name = original.name;
  return wrapped;
}

/**
 * Step Functions on loopback: StartExecution / DescribeExecution over the service's JSON protocol (so the
 * handler's SFN client is the real SDK), each execution run by aws-local-stepfunctions on the SAME
 * definition that is deployed. Lambda tasks call the handler modules and wrap results as {Payload};
 * sns:publish and s3:deleteObject go to the emulator.
 */
export class LocalStepFunctions {
  readonly executions = new Map<string, LocalExecution>();
  private readonly machine: StateMachine;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    // Not validated again here (a quarter of a second of schema compiling per runtime): the same definition is
    // validated with asl-validator by test/orders/workflow.test.ts, and by Step Functions when it is deployed.
    this.machine = new StateMachine(orderWorkflowDefinition(options.targets) as never, { validationOptions: { noValidate: true } });
  }

  private overrides() {
    const lambda = (fn: LambdaFunction) => async (input: JsonValue) => {
      try {
        const payload = await fn((input as { Payload: never }).Payload);
        return { Payload: payload, StatusCode: 200 } as JsonValue;
      } catch (error) {
        throw asLambdaError(error);
      }
    };
    const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    for (const [state, role] of Object.entries(LAMBDA_STATES)) handlers[state] = lambda(this.options.functions[role]);
    const publish = async (input: JsonValue) => {
      const { TopicArn, Message, MessageAttributes } = input as {
        TopicArn: string;
        Message: string;
        MessageAttributes: Record<string, { DataType: string; StringValue: string }>;
      };
      const { MessageId } = await this.options.sns.send(new PublishCommand({ TopicArn, Message, MessageAttributes }));
      return { MessageId } as JsonValue;
    };
    const deleteObject = async (input: JsonValue) => {
      const { Bucket, Key, VersionId } = input as { Bucket: string; Key: string; VersionId?: string };
      await this.options.s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId }));
      return {} as JsonValue;
    };
    Object.assign(handlers, {
      PublishOrderEvent: publish,
      PublishFailedEvent: publish,
      DeletePayload: deleteObject,
      DeletePayloadVersion: deleteObject,
    });
    const pause = this.options.retryIntervalMs ?? 0;
    const retryIntervalOverrides = Object.fromEntries(
      ["SaveOrder", "ProcessPayment", "UpdateOrder", "MarkFailed", "PublishOrderEvent", "PublishFailedEvent"].map((s) => [s, pause]),
    );
    return { taskResourceLocalHandlers: handlers, retryIntervalOverrides };
  }

  /** StartExecution semantics: a name is used once; the same name and input while running returns the same execution. */
  startExecution(stateMachineArn: string, name: string, input: string): LocalExecution {
    if (stateMachineArn !== this.options.stateMachineArn)
      throw Object.assign(new Error(`State Machine Does Not Exist: '${stateMachineArn}'`), { type: "StateMachineDoesNotExist" });
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === input) return existing;
      throw Object.assign(new Error(`Execution Already Exists: '${existing.executionArn}'`), { type: "ExecutionAlreadyExists" });
    }
    const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const startDate = new Date();
    const run = this.machine.run(JSON.parse(input), {
      overrides: this.overrides(),
      context: { Execution: { Id: executionArn, Name: name, StartTime: startDate.toISOString(), Input: JSON.parse(input) } },
    });
    const execution: LocalExecution = {
      executionArn,
      name,
      input,
      startDate,
      status: "RUNNING",
      done: run.result.then(
        () => {
          execution.status = "SUCCEEDED";
          execution.stopDate = new Date();
        },
        (error: Error & { cause?: Error }) => {
          // ExecutionError wraps the state's error (a Fail state's Error/Cause) as its cause.
          const failure = error.cause instanceof Error ? error.cause : error;
          execution.status = "FAILED";
          execution.stopDate = new Date();
          execution.error = failure.name;
          execution.cause = failure.message;
        },
      ),
    };
    this.executions.set(name, execution);
    return execution;
  }

  /** Waits until every execution started so far has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  /** The awsJson1_0 endpoint the SDK's SFNClient talks to. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify(payload));
    };
    const input = JSON.parse(body || "{}");
    try {
      if (target.endsWith(".StartExecution")) {
        const execution = this.startExecution(input.stateMachineArn, input.name, input.input ?? "{}");
        return reply(200, { executionArn: execution.executionArn, startDate: execution.startDate.getTime() / 1000 });
      }
      if (target.endsWith(".DescribeExecution")) {
        const execution = [...this.executions.values()].find((e) => e.executionArn === input.executionArn);
        if (!execution)
          throw Object.assign(new Error(`Execution Does Not Exist: '${input.executionArn}'`), { type: "ExecutionDoesNotExist" });
        return reply(200, {
          executionArn: execution.executionArn,
          stateMachineArn: this.options.stateMachineArn,
          name: execution.name,
          status: execution.status,
          startDate: execution.startDate.getTime() / 1000,
          stopDate: execution.stopDate ? execution.stopDate.getTime() / 1000 : undefined,
          input: execution.input,
          error: execution.error,
          cause: execution.cause,
        });
      }
      reply(400, { __type: "UnknownOperationException", message: `not emulated: ${target}` });
    } catch (error) {
      const typed = error as Error & { type?: string };
      reply(400, { __type: typed.type ?? "InternalError", message: typed.message });
    }
  }
}
