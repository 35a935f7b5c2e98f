import { App, Testing } from "cdktf";
import { ordersConfig, OrdersStack } from "../../environments/orders";
import { ClaimCheck } from "../../modules/claim-check";
import { FUNCTION_ROLES, findOrdersProblems, OrdersApp, OrdersConfigError } from "../../modules/orders";

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function synth(environment: "dev" | "staging" | "prod", env: Record<string, string> = {}): Json {
  const app: App = Testing.app();
  return JSON.parse(Testing.synth(new OrdersStack(app, ordersConfig(environment, env))));
}

/** Asset hashes and paths change with every handler edit: the snapshot pins the infrastructure, not the bundle bytes. */
const normalize = (stack: Json): Json => {
  // Only the application's own resources and outputs: the claim-check module has its own snapshots.
  const own = {
    resource: Object.fromEntries(
      Object.entries(stack.resource)
        .map(([type, byId]) => [type, Object.fromEntries(Object.entries(byId as Json).filter(([id]) => id.startsWith("Orders_")))])
        .filter(([, byId]) => Object.keys(byId).length > 0),
    ),
    output: Object.fromEntries(Object.entries(stack.output).filter(([name]) => name.startsWith("orders_"))),
    provider: stack.provider,
  };
  return JSON.parse(
    JSON.stringify(own)
      .replace(/assets\/[^"/]+\/[0-9A-F]{32}\/archive\.zip/gi, "assets/<asset>/archive.zip")
      .replace(/"source_code_hash":"[^"]+"/g, '"source_code_hash":"<hash>"'),
  );
};

const stacks: Record<string, Json> = {};
beforeAll(() => {
  for (const environment of ["dev", "staging", "prod"] as const) stacks[environment] = synth(environment);
});
const values = (stack: Json, type: string): Json[] => Object.values(stack.resource[type] ?? {});

describe.each(["dev", "staging", "prod"])("the orders-%s stack", (environment) => {
  const stack = () => stacks[environment];

  test("matches its regression snapshot", () => {
    expect(normalize(stack())).toMatchSnapshot();
  });

  test("encrypts everything at rest with customer-managed keys", () => {
    const s = stack();
    for (const queue of values(s, "aws_sqs_queue")) expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    for (const topic of values(s, "aws_sns_topic")) expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    for (const group of values(s, "aws_cloudwatch_log_group")) expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    for (const fn of values(s, "aws_lambda_function")) expect(fn.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    const [table] = values(s, "aws_dynamodb_table");
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\./) });
    const [machine] = values(s, "aws_sfn_state_machine");
    expect(machine.encryption_configuration).toMatchObject({
      type: "CUSTOMER_MANAGED_KMS_KEY",
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./),
    });
    expect(values(s, "aws_secretsmanager_secret")[0].kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    for (const key of values(s, "aws_kms_key")) expect(key.enable_key_rotation).toBe(true);
  });

  test("denies non-TLS access to the outbox queue and the events topic", () => {
    const s = stack();
    const denies = [...values(s, "aws_sqs_queue_policy"), ...values(s, "aws_sns_topic_policy")].map((p) =>
      JSON.parse(p.policy).Statement.find((st: Json) => st.Effect === "Deny"),
    );
    expect(denies.length).toBeGreaterThanOrEqual(3);
    for (const deny of denies) expect(deny.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  test("tags every resource through the provider's default tags", () => {
    expect(stack().provider.aws[0].default_tags).toEqual([
      { tags: { Project: "claim-check", Application: "orders", Environment: environment, ManagedBy: "cdktf" } },
    ]);
  });

  test("ships TypeScript Lambdas as nodejs22.x arm64 assets with JSON logs and X-Ray, no archive provider", () => {
    const s = stack();
    const functions = values(s, "aws_lambda_function");
    expect(functions).toHaveLength(FUNCTION_ROLES.length);
    for (const fn of functions) {
      expect(fn).toMatchObject({
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        tracing_config: { mode: "Active" },
        logging_config: { log_format: "JSON" },
      });
      expect(fn.filename).toMatch(/archive\.zip$/);
      expect(fn.source_code_hash).toMatch(/^[0-9A-F]{32}$/i);
    }
    expect(Object.keys(s.terraform.required_providers)).toEqual(["aws"]);
  });

  test("has the SQS triggers with partial batch failures and the Standard workflow with logs and tracing", () => {
    const s = stack();
    const triggers = values(s, "aws_lambda_event_source_mapping");
    expect(triggers).toHaveLength(2);
    for (const trigger of triggers)
      expect(trigger).toMatchObject({
        function_response_types: ["ReportBatchItemFailures"],
        batch_size: 10,
        scaling_config: { maximum_concurrency: 5 },
      });
    const [machine] = values(s, "aws_sfn_state_machine");
    expect(machine).toMatchObject({
      type: "STANDARD",
      tracing_configuration: { enabled: true },
      logging_configuration: { level: "ERROR", include_execution_data: false },
    });
    expect(Object.keys(JSON.parse(machine.definition).States)).toEqual(
      expect.arrayContaining([
        "SaveOrder",
        "ProcessPayment",
        "UpdateOrder",
        "PublishOrderEvent",
        "DeletePayload",
        "DeletePayloadVersion",
        "MarkFailed",
      ]),
    );
  });

  test("stores orders on demand with TTL, PITR and the two indexes", () => {
    const [table] = values(stack(), "aws_dynamodb_table");
    expect(table).toMatchObject({
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      range_key: "sk",
      ttl: { attribute_name: "expiresAt", enabled: true },
      point_in_time_recovery: { enabled: true },
    });
    expect(table.global_secondary_index.map((i: Json) => i.name)).toEqual(["gsi1", "gsi2"]);
    expect(table.deletion_protection_enabled).toBe(environment === "prod");
  });

  test("protects every HTTP route with the JWT authorizer and $connect with the REQUEST authorizer", () => {
    const s = stack();
    const routes = values(s, "aws_apigatewayv2_route");
    const http = routes.filter((r) => !r.route_key.startsWith("$") && r.route_key !== "subscribe");
    expect(http.map((r) => r.route_key).sort()).toEqual(["GET /orders", "GET /orders/{orderId}", "POST /orders", "POST /presigned-url"]);
    for (const route of http) expect(route.authorization_type).toBe("JWT");
    expect(routes.find((r) => r.route_key === "$connect")).toMatchObject({ authorization_type: "CUSTOM" });
    const authorizers = values(s, "aws_apigatewayv2_authorizer");
    expect(authorizers.find((a) => a.authorizer_type === "REQUEST")).toMatchObject({
      identity_sources: ["route.request.querystring.token"],
    });
    expect(authorizers.find((a) => a.authorizer_type === "JWT")!.jwt_configuration.issuer).toMatch(/^https:\/\/cognito-idp\./);
  });

  test("raises the alarm set", () => {
    const names = values(stack(), "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name.replace(`orders-${environment}-`, ""));
    expect(names).toEqual(
      expect.arrayContaining([
        "ClaimDlqDepth",
        "ClaimQueueOldestMessage",
        "WebhookDlqDepth",
        "ExecutionsFailed",
        "ExecutionsTimedOut",
        "HttpApi5xx",
        ...FUNCTION_ROLES.map((r) => `Errors-${r}`),
      ]),
    );
    for (const alarm of values(stack(), "aws_cloudwatch_metric_alarm")) expect(alarm.alarm_actions).toHaveLength(1);
  });

  test("outputs what clients and operators need", () => {
    expect(Object.keys(stack().output)).toEqual(
      expect.arrayContaining([
        "orders_api_url",
        "orders_websocket_url",
        "orders_jwt_issuer",
        "orders_jwt_audience",
        "orders_events_topic_arn",
        "orders_webhook_secret_arn",
        "orders_webhook_dlq_url",
        "orders_alarm_topic_arn",
        "queue_url",
        "bucket_name",
      ]),
    );
  });
});

test("settings come from ORDERS_<ENV>_* variables: an external issuer replaces Cognito; allowAnonymous removes the authorizer; CORS origins add the upload rule; WebSocket access logs are opt-in", () => {
  const external = synth("staging", {
    ORDERS_STAGING_JWT_ISSUER: "https://login.example.com",
    ORDERS_STAGING_JWT_AUDIENCE: "orders-web",
    ORDERS_STAGING_CORS_ORIGINS: "https://shop.example.com",
  });
  expect(external.resource.aws_cognito_user_pool).toBeUndefined();
  expect(values(external, "aws_apigatewayv2_authorizer").find((a) => a.authorizer_type === "JWT")!.jwt_configuration).toEqual({
    issuer: "https://login.example.com",
    audience: ["orders-web"],
  });
  expect(values(external, "aws_s3_bucket_cors_configuration")[0].cors_rule[0]).toMatchObject({
    allowed_methods: ["PUT"],
    allowed_origins: ["https://shop.example.com"],
  });
  const wsStage = (stack: Json) => values(stack, "aws_apigatewayv2_stage").find((stage) => stage.name === "live")!;
  expect(wsStage(external).access_log_settings).toBeUndefined();
  expect(wsStage(synth("prod", { ORDERS_PROD_WEBSOCKET_ACCESS_LOGS: "true" })).access_log_settings.format).not.toMatch(
    /querystring|token/i,
  );
  const anonymous = synth("dev", { ORDERS_DEV_ALLOW_ANONYMOUS: "true" });
  expect(values(anonymous, "aws_apigatewayv2_authorizer").map((a) => a.authorizer_type)).toEqual(["REQUEST"]);
  for (const route of values(anonymous, "aws_apigatewayv2_route").filter((r) => r.route_key.includes("/")))
    expect(route.authorization_type).toBe("NONE");
});

test("bad settings are all reported at once, each naming the setting and the value", () => {
  const props = {
    name: "Orders!",
    environment: "x",
    jwtIssuer: "http://insecure",
    webhookUrls: ["http://hook"],
    inlineThresholdBytes: 500_000,
    logRetentionDays: 2,
    corsOrigins: ["https://a.com/path"],
  };
  const problems = findOrdersProblems(props as never);
  expect(problems).toHaveLength(7);
  expect(problems.join("\n")).toMatch(
    /name must .* "Orders!"[\s\S]*jwtIssuer must be an https URL, but "http:\/\/insecure"[\s\S]*jwtAudience[\s\S]*webhookUrls .* "http:\/\/hook"[\s\S]*corsOrigins[\s\S]*inlineThresholdBytes .* 500000[\s\S]*logRetentionDays .* 2/,
  );
  expect(() =>
    Testing.synthScope((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", environment: "test" });
      new OrdersApp(scope, "Orders", { ...(props as object), claimCheck } as never);
    }),
  ).toThrow(OrdersConfigError);
});
