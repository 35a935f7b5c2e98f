import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Deployment } from "@cdktf/provider-aws/lib/apigatewayv2-deployment";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2RouteResponse } from "@cdktf/provider-aws/lib/apigatewayv2-route-response";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn, Lazy } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy } from "../claim-check";
import { NodeFunction } from "./node-function";
import { DEFAULT_SECRETS_EXTENSION_LAYER_ARN, findOrdersProblems, OrdersAppProps } from "./props";
import { alarmSpecs } from "./spec/alarms";
import { FUNCTION_ROLES, FunctionRole, FUNCTIONS } from "./spec/function-roles";
import {
  buildAppKeyPolicy,
  buildFunctionPolicy,
  buildOutboxQueuePolicy,
  buildStateMachinePolicy,
  buildTopicPolicy,
  OrdersPolicyInputs,
} from "./spec/policies";
import { ORDERS_TABLE_SCHEMA } from "./spec/table-schema";
import { orderWorkflowDefinition } from "./spec/workflow-definition";

/** The WebSocket API's stage (part of the @connections endpoint and the ManageConnections ARN). */
export const WEBSOCKET_STAGE = "live";

/** Invalid OrdersApp props: every problem at once. */
export class OrdersConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid orders application settings:\n- ${problems.join("\n- ")}`);
    this.name = "OrdersConfigError";
  }
}

/**
 * The orders application of the second source document on the ClaimCheck construct: HTTP API (JWT) and
 * WebSocket API (REQUEST authorizer), TypeScript Lambdas, the SQS trigger, the Standard workflow, the
 * DynamoDB table, the order-events topic with its signed-webhook outbox, an app key, alarms.
 *
 * Construct ids are Terraform state addresses: do not rename them.
 */
export class OrdersApp extends Construct {
  readonly appKey: KmsKey;
  readonly table: DynamodbTable;
  readonly topic: SnsTopic;
  readonly outbox: SqsQueue;
  readonly outboxDeadLetterQueue: SqsQueue;
  readonly webhookSecret: SecretsmanagerSecret;
  readonly stateMachine: SfnStateMachine;
  readonly httpApi: Apigatewayv2Api;
  readonly webSocketApi: Apigatewayv2Api;
  readonly webSocketStage: Apigatewayv2Stage;
  readonly opsTopic: SnsTopic;
  readonly functions: Record<FunctionRole, NodeFunction>;
  readonly policyInputs: OrdersPolicyInputs;
  /** The user pool created when no issuer is given (and anonymous access is off). */
  readonly userPool?: CognitoUserPool;
  readonly userPoolClient?: CognitoUserPoolClient;
  /** The JWT issuer and audience the APIs accept (empty with allowAnonymous). */
  readonly jwtIssuer: string;
  readonly jwtAudience: string[];
  /** Origins allowed by the HTTP API's and the upload bucket's CORS: corsOrigins, then allowWebOrigin's. */
  private readonly webOrigins: string[];
  private readonly claimCheckBucketId: string;

  constructor(scope: Construct, id: string, props: OrdersAppProps) {
    super(scope, id);
    const problems = findOrdersProblems(props);
    if (problems.length > 0) throw new OrdersConfigError(problems);
    const { claimCheck, name } = props;
    this.webOrigins = [...(props.corsOrigins ?? [])];
    this.claimCheckBucketId = claimCheck.bucket.id;
    const partition = new DataAwsPartition(this, "Partition").partition;
    const accountId = new DataAwsCallerIdentity(this, "Account").accountId;
    const region = new DataAwsRegion(this, "Region").region;
    const retention = props.logRetentionDays ?? 30;
    const throttling = {
      throttlingRateLimit: props.throttling?.rateLimit ?? 50,
      throttlingBurstLimit: props.throttling?.burstLimit ?? 100,
    };

    // --- the app key: everything the claim check does not encrypt ---
    const topicArn = `arn:${partition}:sns:${region}:${accountId}:${name}-order-events`;
    this.appKey = new KmsKey(this, "AppKey", {
      description: `${name}: orders table, events, outbox, workflow, logs, webhook secret`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowInDays ?? 30,
      policy: renderPolicy(buildAppKeyPolicy({ partition, accountId, region, topicArn })),
    });
    new KmsAlias(this, "AppKeyAlias", { name: `alias/${name}`, targetKeyId: this.appKey.keyId });
    const appKeyArn = this.appKey.arn;

    // --- store ---
    this.table = new DynamodbTable(this, "Table", {
      name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: ORDERS_TABLE_SCHEMA.hashKey,
      rangeKey: ORDERS_TABLE_SCHEMA.rangeKey,
      attribute: ORDERS_TABLE_SCHEMA.attributes.map((attribute) => ({ name: attribute, type: "S" })),
      globalSecondaryIndex: ORDERS_TABLE_SCHEMA.indexes.map((index) => ({
        name: index.name,
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projectionType: "ALL",
      })),
      ttl: { attributeName: ORDERS_TABLE_SCHEMA.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: props.pointInTimeRecoveryDays ?? 35 },
      serverSideEncryption: { enabled: true, kmsKeyArn: appKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? false,
    });

    // --- events and the webhook outbox ---
    this.topic = new SnsTopic(this, "OrderEvents", {
      name: `${name}-order-events`,
      kmsMasterKeyId: appKeyArn,
      signatureVersion: 2,
      tracingConfig: "Active",
    });
    new SnsTopicPolicy(this, "OrderEventsPolicy", {
      arn: this.topic.arn,
      policy: renderPolicy(buildTopicPolicy(this.topic.arn, `arn:${partition}:iam::${accountId}:root`)),
    });
    this.outboxDeadLetterQueue = new SqsQueue(this, "WebhookOutboxDlq", {
      name: `${name}-webhook-outbox-dlq`,
      kmsMasterKeyId: appKeyArn,
      messageRetentionSeconds: 14 * 86_400,
    });
    this.outbox = new SqsQueue(this, "WebhookOutbox", {
      name: `${name}-webhook-outbox`,
      kmsMasterKeyId: appKeyArn,
      visibilityTimeoutSeconds: 6 * FUNCTIONS.webhookDispatcher.timeoutSeconds,
      messageRetentionSeconds: 4 * 86_400,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.outboxDeadLetterQueue.arn, maxReceiveCount: 5 }),
    });
    new SqsQueuePolicy(this, "WebhookOutboxPolicy", {
      queueUrl: this.outbox.url,
      policy: renderPolicy(buildOutboxQueuePolicy(this.outbox.arn, this.topic.arn)),
    });
    new SnsTopicSubscription(this, "WebhookOutboxSubscription", {
      topicArn: this.topic.arn,
      protocol: "sqs",
      endpoint: this.outbox.arn,
      rawMessageDelivery: true,
    });
    this.webhookSecret = new SecretsmanagerSecret(this, "WebhookSecret", {
      name: `${name}/webhook-signing-secret`,
      description: "Standard Webhooks signing secret (whsec_...); set its value out of band",
      kmsKeyId: appKeyArn,
    });

    // --- the WebSocket API (created before the functions: they push to its @connections endpoint) ---
    this.webSocketApi = new Apigatewayv2Api(this, "WebSocketApi", {
      name: `${name}-live`,
      protocolType: "WEBSOCKET",
      routeSelectionExpression: "$request.body.action",
    });
    const connectionsEndpoint = `https://${this.webSocketApi.id}.execute-api.${region}.amazonaws.com/${WEBSOCKET_STAGE}`;
    if (!props.allowAnonymous && !props.jwtIssuer) {
      this.userPool = new CognitoUserPool(this, "UserPool", {
        name,
        passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false },
        mfaConfiguration: "OPTIONAL",
        softwareTokenMfaConfiguration: { enabled: true },
        autoVerifiedAttributes: ["email"],
        usernameAttributes: ["email"],
        deletionProtection: props.deletionProtection ? "ACTIVE" : "INACTIVE",
      });
      this.userPoolClient = new CognitoUserPoolClient(this, "UserPoolClient", {
        name: `${name}-web`,
        userPoolId: this.userPool.id,
        generateSecret: false,
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        preventUserExistenceErrors: "ENABLED",
      });
    }
    this.jwtIssuer = props.jwtIssuer ?? (this.userPool ? `https://cognito-idp.${region}.amazonaws.com/${this.userPool.id}` : "");
    this.jwtAudience = props.jwtAudience ?? (this.userPoolClient ? [this.userPoolClient.id] : []);
    const jwksUri = props.jwksUri ?? (this.jwtIssuer ? `${this.jwtIssuer.replace(/\/$/, "")}/.well-known/jwks.json` : "");

    // --- functions (policies attached below, once every ARN exists) ---
    const stateMachineName = `${name}-workflow`;
    const stateMachineArn = `arn:${partition}:states:${region}:${accountId}:stateMachine:${stateMachineName}`;
    const common: Record<string, string> = {
      ORDERS_TABLE: this.table.name,
      PAYLOAD_BUCKET: claimCheck.bucket.bucket,
      PAYLOAD_PREFIX: claimCheck.payloadPrefix,
      CLAIM_QUEUE_URL: claimCheck.queue.url,
      PAYLOAD_KEY_ARN: claimCheck.keyArn,
      MAX_MESSAGE_SIZE: String(claimCheck.settings.maxMessageSize),
      CONNECTIONS_ENDPOINT: connectionsEndpoint,
      INLINE_THRESHOLD_BYTES: String(props.inlineThresholdBytes ?? 65_536),
      ALLOW_ANONYMOUS: String(props.allowAnonymous ?? false),
      JWT_ISSUER: this.jwtIssuer,
      JWT_AUDIENCE: this.jwtAudience[0] ?? "",
      JWKS_URI: jwksUri,
    };
    const extra: Partial<Record<FunctionRole, Record<string, string>>> = {
      startExecution: { STATE_MACHINE_ARN: stateMachineArn },
      webhookDispatcher: {
        WEBHOOK_URLS: (props.webhookUrls ?? []).join(","),
        WEBHOOK_SECRET_ID: this.webhookSecret.arn,
        PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: "true",
      },
    };
    this.functions = Object.fromEntries(
      FUNCTION_ROLES.map((role) => [
        role,
        new NodeFunction(this, `Fn-${role}`, {
          functionName: `${name}-${FUNCTIONS[role].module}`,
          module: FUNCTIONS[role].module,
          description: FUNCTIONS[role].description,
          timeoutSeconds: FUNCTIONS[role].timeoutSeconds,
          environment: { ...common, ...(extra[role] ?? {}) },
          kmsKeyArn: appKeyArn,
          logRetentionDays: retention,
          layers: role === "webhookDispatcher" ? [props.secretsExtensionLayerArn ?? DEFAULT_SECRETS_EXTENSION_LAYER_ARN] : undefined,
        }),
      ]),
    ) as Record<FunctionRole, NodeFunction>;
    const fns = this.functions;

    // --- the workflow ---
    const workflowLogs = new CloudwatchLogGroup(this, "WorkflowLogs", {
      name: `/aws/vendedlogs/states/${stateMachineName}`,
      retentionInDays: retention,
      kmsKeyId: appKeyArn,
    });
    const workflowRole = new IamRole(this, "WorkflowRole", {
      name: stateMachineName,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "states.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
          },
        ],
      }),
    });
    this.stateMachine = new SfnStateMachine(this, "Workflow", {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: workflowRole.arn,
      definition: JSON.stringify(
        orderWorkflowDefinition({
          saveOrderFunctionArn: fns.saveOrder.arn,
          processPaymentFunctionArn: fns.processPayment.arn,
          updateOrderFunctionArn: fns.updateOrder.arn,
          failOrderFunctionArn: fns.failOrder.arn,
          orderEventsTopicArn: this.topic.arn,
        }),
      ),
      loggingConfiguration: { logDestination: `${workflowLogs.arn}:*`, level: "ERROR", includeExecutionData: false },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: appKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
    });

    this.policyInputs = {
      region,
      bucketArn: claimCheck.bucket.arn,
      payloadPrefix: claimCheck.payloadPrefix,
      versioning: claimCheck.settings.versioning,
      claimQueueArn: claimCheck.queue.arn,
      payloadKeyArn: claimCheck.keyArn,
      appKeyArn,
      tableArn: this.table.arn,
      stateMachineArn: this.stateMachine.arn,
      topicArn: this.topic.arn,
      outboxQueueArn: this.outbox.arn,
      webhookSecretArn: this.webhookSecret.arn,
      connectionsArn: `${this.webSocketApi.executionArn}/${WEBSOCKET_STAGE}/POST/@connections/*`,
      workflowFunctionArns: [fns.saveOrder.arn, fns.processPayment.arn, fns.updateOrder.arn, fns.failOrder.arn],
    };
    new IamRolePolicy(this, "WorkflowPolicy", {
      name: "least-privilege",
      role: workflowRole.id,
      policy: renderPolicy(buildStateMachinePolicy(this.policyInputs)),
    });
    for (const role of FUNCTION_ROLES) fns[role].grant(buildFunctionPolicy(role, this.policyInputs, fns[role].logGroup.arn));

    // --- SQS triggers: partial batch failures, bounded concurrency ---
    const trigger = (id: string, queueArn: string, fn: NodeFunction) =>
      new LambdaEventSourceMapping(this, id, {
        eventSourceArn: queueArn,
        functionName: fn.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: 5 },
      });
    trigger("ClaimTrigger", claimCheck.queue.arn, fns.startExecution);
    trigger("WebhookTrigger", this.outbox.arn, fns.webhookDispatcher);

    // --- HTTP API with the JWT authorizer ---
    const accessLogs = (id: string, api: string) =>
      new CloudwatchLogGroup(this, id, { name: `/aws/apigateway/${name}-${api}`, retentionInDays: retention, kmsKeyId: appKeyArn });
    this.httpApi = new Apigatewayv2Api(this, "HttpApi", {
      name: `${name}-api`,
      protocolType: "HTTP",
      corsConfiguration: {
        allowOrigins: Lazy.listValue({ produce: () => this.webOrigins }),
        allowMethods: ["GET", "POST", "OPTIONS"],
        allowHeaders: ["authorization", "content-type", "idempotency-key"],
        exposeHeaders: ["idempotent-replayed"],
        maxAge: 300,
      },
    });
    const jwt = props.allowAnonymous
      ? undefined
      : new Apigatewayv2Authorizer(this, "HttpJwtAuthorizer", {
          apiId: this.httpApi.id,
          name: "jwt",
          authorizerType: "JWT",
          identitySources: ["$request.header.Authorization"],
          jwtConfiguration: { issuer: this.jwtIssuer, audience: this.jwtAudience },
        });
    const httpRoutes: [string, FunctionRole][] = [
      ["POST /presigned-url", "presignedUrl"],
      ["POST /orders", "createOrder"],
      ["GET /orders", "getOrder"],
      ["GET /orders/{orderId}", "getOrder"],
    ];
    const httpIntegrations = new Map<FunctionRole, Apigatewayv2Integration>();
    for (const [routeKey, role] of httpRoutes) {
      if (!httpIntegrations.has(role)) {
        httpIntegrations.set(
          role,
          new Apigatewayv2Integration(this, `HttpIntegration-${role}`, {
            apiId: this.httpApi.id,
            integrationType: "AWS_PROXY",
            integrationUri: fns[role].function.invokeArn,
            payloadFormatVersion: "2.0",
          }),
        );
        new LambdaPermission(this, `HttpInvoke-${role}`, {
          action: "lambda:InvokeFunction",
          functionName: fns[role].function.functionName,
          principal: "apigateway.amazonaws.com",
          sourceArn: `${this.httpApi.executionArn}/*/*`,
        });
      }
      new Apigatewayv2Route(this, `HttpRoute-${routeKey.replace(/[^A-Za-z]/g, "")}`, {
        apiId: this.httpApi.id,
        routeKey,
        target: `integrations/${httpIntegrations.get(role)!.id}`,
        authorizationType: jwt ? "JWT" : "NONE",
        authorizerId: jwt?.id,
      });
    }
    const httpLogs = accessLogs("HttpApiAccessLogs", "api");
    new Apigatewayv2Stage(this, "HttpStage", {
      apiId: this.httpApi.id,
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: throttling,
      accessLogSettings: {
        destinationArn: httpLogs.arn,
        format: JSON.stringify({
          requestId: "$context.requestId",
          routeKey: "$context.routeKey",
          status: "$context.status",
          sub: "$context.authorizer.claims.sub",
          latency: "$context.responseLatency",
        }),
      },
    });

    // --- WebSocket API: REQUEST authorizer on $connect, two-way subscribe/$default ---
    const wsAuthorizer = new Apigatewayv2Authorizer(this, "WebSocketAuthorizer", {
      apiId: this.webSocketApi.id,
      name: "jwt-query",
      authorizerType: "REQUEST",
      authorizerUri: fns.wsAuthorizer.function.invokeArn,
      identitySources: ["route.request.querystring.token"],
    });
    new LambdaPermission(this, "WsInvoke-wsAuthorizer", {
      action: "lambda:InvokeFunction",
      functionName: fns.wsAuthorizer.function.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.webSocketApi.executionArn}/authorizers/${wsAuthorizer.id}`,
    });
    const wsRoutes: [string, FunctionRole, boolean][] = [
      ["$connect", "wsConnect", false],
      ["$disconnect", "wsDisconnect", false],
      ["subscribe", "wsSubscribe", true],
      ["$default", "wsSubscribe", true],
    ];
    const wsIntegrations = new Map<FunctionRole, Apigatewayv2Integration>();
    const routeIds: string[] = [];
    for (const [routeKey, role, twoWay] of wsRoutes) {
      if (!wsIntegrations.has(role)) {
        wsIntegrations.set(
          role,
          new Apigatewayv2Integration(this, `WsIntegration-${role}`, {
            apiId: this.webSocketApi.id,
            integrationType: "AWS_PROXY",
            integrationUri: fns[role].function.invokeArn,
          }),
        );
        new LambdaPermission(this, `WsInvoke-${role}`, {
          action: "lambda:InvokeFunction",
          functionName: fns[role].function.functionName,
          principal: "apigateway.amazonaws.com",
          sourceArn: `${this.webSocketApi.executionArn}/*`,
        });
      }
      const id = routeKey.replace(/[^A-Za-z]/g, "");
      const route = new Apigatewayv2Route(this, `WsRoute-${id}`, {
        apiId: this.webSocketApi.id,
        routeKey,
        target: `integrations/${wsIntegrations.get(role)!.id}`,
        authorizationType: routeKey === "$connect" ? "CUSTOM" : "NONE",
        authorizerId: routeKey === "$connect" ? wsAuthorizer.id : undefined,
        routeResponseSelectionExpression: twoWay ? "$default" : undefined,
      });
      if (twoWay)
        new Apigatewayv2RouteResponse(this, `WsRouteResponse-${id}`, {
          apiId: this.webSocketApi.id,
          routeId: route.id,
          routeResponseKey: "$default",
        });
      routeIds.push(route.id);
    }
    const deployment = new Apigatewayv2Deployment(this, "WebSocketDeployment", {
      apiId: this.webSocketApi.id,
      triggers: { redeployment: Fn.sha1(Fn.jsonencode(routeIds)) },
      lifecycle: { createBeforeDestroy: true },
    });
    const wsLogs = props.webSocketAccessLogs ? accessLogs("WebSocketAccessLogs", "live") : undefined;
    this.webSocketStage = new Apigatewayv2Stage(this, "WebSocketStage", {
      apiId: this.webSocketApi.id,
      name: WEBSOCKET_STAGE,
      deploymentId: deployment.id,
      defaultRouteSettings: throttling,
      // No query strings in access logs: the token travels in one.
      accessLogSettings: wsLogs
        ? {
            destinationArn: wsLogs.arn,
            format: JSON.stringify({
              requestId: "$context.requestId",
              routeKey: "$context.routeKey",
              status: "$context.status",
              connectionId: "$context.connectionId",
            }),
          }
        : undefined,
    });

    // --- upload CORS on the claim-check bucket (browsers PUT to presigned URLs) ---
    if (this.webOrigins.length > 0) this.addUploadCors();

    // --- alarms -> ops topic ---
    this.opsTopic = new SnsTopic(this, "OpsTopic", { name: `${name}-alarms`, kmsMasterKeyId: appKeyArn });
    const specs = alarmSpecs({
      claimQueueName: claimCheck.queue.name,
      claimDlqName: claimCheck.deadLetterQueue.name,
      outboxDlqName: this.outboxDeadLetterQueue.name,
      stateMachineArn: this.stateMachine.arn,
      httpApiId: this.httpApi.id,
      functionNames: Object.fromEntries(FUNCTION_ROLES.map((role) => [role, fns[role].function.functionName])),
    });
    for (const spec of specs) {
      new CloudwatchMetricAlarm(this, `Alarm-${spec.id}`, {
        alarmName: `${name}-${spec.id}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.statistic,
        threshold: spec.threshold,
        comparisonOperator: spec.comparisonOperator,
        period: spec.periodSeconds,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        alarmActions: [this.opsTopic.arn],
        okActions: [this.opsTopic.arn],
      });
    }
  }

  /**
   * Lets a web page at `origin` (e.g. the static site's URL, a token) call the HTTP API and PUT uploads to
   * presigned URLs: added to the API's CORS origins and the bucket's upload CORS rule.
   */
  allowWebOrigin(origin: string): void {
    this.webOrigins.push(origin);
    this.addUploadCors();
  }

  /** The bucket's one CORS rule, created once; its origins are read at synth, so later origins are included. */
  private addUploadCors(): void {
    if (this.node.tryFindChild("UploadCors")) return;
    new S3BucketCorsConfiguration(this, "UploadCors", {
      bucket: this.claimCheckBucketId,
      corsRule: [
        {
          allowedMethods: ["PUT"],
          allowedOrigins: Lazy.listValue({ produce: () => this.webOrigins }),
          allowedHeaders: ["content-type", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"],
          exposeHeaders: ["ETag"],
          maxAgeSeconds: 300,
        },
      ],
    });
  }

  get httpApiUrl(): string {
    return this.httpApi.apiEndpoint;
  }

  get webSocketUrl(): string {
    return `${this.webSocketApi.apiEndpoint}/${WEBSOCKET_STAGE}`;
  }
}
