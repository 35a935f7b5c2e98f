import { Testing } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ordersConfig, OrdersStack } from "../../environments/orders";

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

// ORDERS_<ENV>_WEB_HOSTING=true composes the page (S3 + CloudFront with OAC) into the orders stack.
const siteDir = mkdtempSync(join(tmpdir(), "orders-site-build-"));
afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

const synth = (env: Record<string, string>): Json => {
  const config = { ...ordersConfig("dev", env), webSiteDir: join(siteDir, "dist") };
  return JSON.parse(Testing.synth(new OrdersStack(Testing.app(), config)));
};
const values = (stack: Json, type: string): Json[] => Object.values(stack.resource[type] ?? {});

test("off by default: no site, no site output, the HTTP API allows only the configured origins", () => {
  const stack = synth({ ORDERS_DEV_CORS_ORIGINS: "https://shop.example.com" });
  expect(values(stack, "aws_cloudfront_distribution")).toEqual([]);
  expect(stack.output.orders_site_url).toBeUndefined();
  expect(values(stack, "aws_apigatewayv2_api").find((api) => api.protocol_type === "HTTP")!.cors_configuration.allow_origins).toEqual([
    "https://shop.example.com",
  ]);
});

test("WEB_HOSTING=true: builds the page, serves it through CloudFront with OAC, points it at the APIs, lets it call the API and upload", () => {
  const stack = synth({ ORDERS_DEV_WEB_HOSTING: "true", ORDERS_DEV_CORS_ORIGINS: "https://shop.example.com" });
  expect(existsSync(join(siteDir, "dist", "index.html"))).toBe(true);
  expect(readFileSync(join(siteDir, "dist", "app.js"), "utf8").length).toBeGreaterThan(1000);
  const [distribution] = values(stack, "aws_cloudfront_distribution");
  expect(distribution.origin[0].origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
  const siteUrl = "https://${aws_cloudfront_distribution.Site_Distribution_";
  expect(stack.output.orders_site_url.value).toEqual(expect.stringContaining(siteUrl));
  const api = values(stack, "aws_apigatewayv2_api").find((a) => a.protocol_type === "HTTP")!;
  expect(api.cors_configuration.allow_origins).toEqual(["https://shop.example.com", stack.output.orders_site_url.value]);
  const [uploadCors] = values(stack, "aws_s3_bucket_cors_configuration");
  expect(uploadCors.cors_rule[0].allowed_origins).toEqual(["https://shop.example.com", stack.output.orders_site_url.value]);
  const config = JSON.parse(values(stack, "aws_s3_object").find((o) => o.key === "config.json")!.content);
  expect(config.apiUrl).toMatch(/^\$\{aws_apigatewayv2_api\.Orders_HttpApi_[^.]+\.api_endpoint\}$/);
  expect(config.wsUrl).toMatch(/aws_apigatewayv2_api\.Orders_WebSocketApi/);
  expect(
    values(stack, "aws_s3_object")
      .map((o) => o.key)
      .sort(),
  ).toEqual(["app.css", "app.js", "config.json", "index.html"]);
});

test("WEB_HOSTING=true without any other origin: the site is the only allowed origin", () => {
  const stack = synth({ ORDERS_DEV_WEB_HOSTING: "true" });
  const api = values(stack, "aws_apigatewayv2_api").find((a) => a.protocol_type === "HTTP")!;
  expect(api.cors_configuration.allow_origins).toEqual([stack.output.orders_site_url.value]);
  expect(values(stack, "aws_s3_bucket_cors_configuration")).toHaveLength(1);
});

test("a WEB_HOSTING value other than true or false is a problem naming the variable", () => {
  expect(() => ordersConfig("prod", { ORDERS_PROD_WEB_HOSTING: "yes" })).not.toThrow();
  expect(ordersConfig("prod", { ORDERS_PROD_WEB_HOSTING: "yes" }).problems).toEqual([
    'webHosting must be "true" or "false", but "yes" was given',
  ]);
});
