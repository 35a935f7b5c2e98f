import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { addClaimCheckOutputs, ClaimCheck } from "../../modules/claim-check";
import { OrdersApp, OrdersConfigError } from "../../modules/orders";
import { findStaticSiteProblems, OrdersStaticSite } from "../../modules/orders/static-site";
import { configureBackend, IndependentStack } from "../stack";
import { OrdersEnvironmentConfig, ordersEnvVarName } from "./settings";
import { buildWebPageSync } from "./web-build";

/** `cdktf deploy orders-<env>`: provider (default tags), state backend, the claim check, the orders application, outputs. */
export class OrdersStack extends IndependentStack {
  readonly claimCheck: ClaimCheck;
  readonly app: OrdersApp;
  /** The web page on S3 behind CloudFront, when the environment asks for web hosting. */
  readonly site?: OrdersStaticSite;

  constructor(scope: Construct, config: OrdersEnvironmentConfig) {
    super(scope, config.stackName);
    new AwsProvider(this, "aws", { region: config.region, defaultTags: [{ tags: config.tags }] });
    configureBackend(this, config.backend, {
      name: config.stackName,
      sharedState: config.sharedState,
      stateBucketVariables: ordersEnvVarName(config.environment, "STATE_BUCKET"),
    });
    this.claimCheck = new ClaimCheck(this, "ClaimCheck", config.claimCheck);
    addClaimCheckOutputs(this, this.claimCheck);
    this.app = new OrdersApp(this, "Orders", { ...config.app, claimCheck: this.claimCheck });
    const output = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    output("orders_api_url", this.app.httpApiUrl, "HTTP API base URL (POST /presigned-url, POST /orders, GET /orders[/{orderId}])");
    output(
      "orders_websocket_url",
      this.app.webSocketUrl,
      "WebSocket URL: connect with ?token=<JWT>, then send {action:'subscribe', orderId|messageId}",
    );
    output("orders_jwt_issuer", this.app.jwtIssuer, "JWT issuer the APIs accept");
    output("orders_jwt_audience", this.app.jwtAudience.join(","), "JWT audience(s) the APIs accept");
    output("orders_table_name", this.app.table.name, "DynamoDB orders table");
    output("orders_state_machine_arn", this.app.stateMachine.arn, "Order workflow (Standard)");
    output("orders_events_topic_arn", this.app.topic.arn, "SNS topic of order events");
    output(
      "orders_webhook_secret_arn",
      this.app.webhookSecret.arn,
      "Secrets Manager secret holding the webhook signing secret (set its value: whsec_...)",
    );
    output(
      "orders_webhook_dlq_url",
      this.app.outboxDeadLetterQueue.url,
      "Undeliverable webhook events (redrive after fixing the receiver)",
    );
    output("orders_alarm_topic_arn", this.app.opsTopic.arn, "Alarm notifications: subscribe your on-call address");
    if (config.webHosting) {
      this.site = this.addWebSite(config);
      output("orders_site_url", this.site.url, "The orders web page (CloudFront); the HTTP API's CORS allows it");
    }
  }

  /** The page, built now, on S3 behind CloudFront with OAC; its config.json names the APIs, whose CORS names it. */
  private addWebSite(config: OrdersEnvironmentConfig): OrdersStaticSite {
    const buildProblem = buildWebPageSync(config.webSiteDir);
    const props = {
      name: config.stackName,
      apiUrl: this.app.httpApiUrl,
      wsUrl: this.app.webSocketUrl,
      siteDir: config.webSiteDir,
      forceDestroy: !config.sharedState,
      tags: config.tags,
    };
    const problems = buildProblem ? [buildProblem] : findStaticSiteProblems(props, config.webSiteDir);
    if (problems.length > 0) throw new OrdersConfigError(problems);
    const site = new OrdersStaticSite(this, "Site", props);
    this.app.allowWebOrigin(site.url);
    return site;
  }
}
