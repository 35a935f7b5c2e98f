import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { assetHashOf } from "./asset-hash";
import { Construct } from "constructs";
import { existsSync, readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { accountRootArn, policyDocument, PolicyDocument, renderPolicy } from "../claim-check/spec/policies";

/** CloudFront's managed "CachingOptimized" cache policy (the same id in every account). */
const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

export interface OrdersStaticSiteProps {
  /** Prefix of the bucket name and the CloudFront resources' names (lowercase letters, digits, hyphens). */
  readonly name: string;
  /** The orders HTTP API URL the page calls (config.json `apiUrl`), e.g. the API's `api_endpoint`. */
  readonly apiUrl: string;
  /** The WebSocket API URL (config.json `wsUrl`), e.g. `wss://…/live`. */
  readonly wsUrl: string;
  /**
   * Where a person obtains a token (config.json `auth.loginUrl`), e.g. a Cognito hosted UI authorize URL
   * with `response_type=token` and this site as `redirect_uri`; the page takes the token from the fragment.
   * @default none: the page asks for a pasted token
   */
  readonly loginUrl?: string;
  /**
   * Further origins the page may connect to (CSP `connect-src`): the presigned PUT goes to the payload
   * bucket's S3 endpoint.
   * @default ["https://*.amazonaws.com"]
   */
  readonly connectSources?: readonly string[];
  /** The built page (`npm run orders:web:build`). @default apps/orders/web/dist */
  readonly siteDir?: string;
  /** Custom domain names; need `certificateArn`. @default none: the CloudFront domain */
  readonly aliases?: readonly string[];
  /** An ACM certificate in us-east-1 for `aliases`. @default the CloudFront default certificate */
  readonly certificateArn?: string;
  /** CloudFront price class. @default "PriceClass_100" */
  readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /** Let `terraform destroy` empty the bucket (dev). @default false */
  readonly forceDestroy?: boolean;
  /** Tags for every taggable resource. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

const DEFAULT_SITE_DIR = join(__dirname, "..", "..", "apps", "orders", "web", "dist");
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Every problem with the props at once, each naming the prop and its value (unresolved tokens are skipped). */
export function findStaticSiteProblems(props: OrdersStaticSiteProps, siteDir: string): string[] {
  const problems: string[] = [];
  const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
  if (known(props.name) && !/^[a-z0-9][a-z0-9-]{1,40}$/.test(props.name))
    problems.push(`name must be 2-41 lowercase letters, digits or hyphens, but "${props.name}" was given`);
  if (known(props.apiUrl) && !/^https:\/\/[^\s/]+/.test(props.apiUrl))
    problems.push(`apiUrl must be an https:// URL, but "${props.apiUrl}" was given`);
  if (known(props.wsUrl) && !/^wss:\/\/[^\s/]+/.test(props.wsUrl))
    problems.push(`wsUrl must be a wss:// URL, but "${props.wsUrl}" was given`);
  if (known(props.loginUrl) && !/^https:\/\/[^\s/]+/.test(props.loginUrl))
    problems.push(`loginUrl must be an https:// URL, but "${props.loginUrl}" was given`);
  if ((props.aliases?.length ?? 0) > 0 && !props.certificateArn)
    problems.push(`aliases need a certificateArn (ACM, us-east-1), but none was given for ${JSON.stringify(props.aliases)}`);
  if (known(props.certificateArn) && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+/.test(props.certificateArn)) {
    problems.push(`certificateArn must be an ACM certificate in us-east-1 (CloudFront's region), but "${props.certificateArn}" was given`);
  }
  if (!existsSync(join(siteDir, "index.html")))
    problems.push(`siteDir must hold the built page (run \`npm run orders:web:build\`), but "${siteDir}" has no index.html`);
  return problems;
}

/** The site's config.json: where the API is and how to sign in (the page reads it at start). */
const siteConfig = (props: OrdersStaticSiteProps) => ({
  apiUrl: props.apiUrl,
  wsUrl: props.wsUrl,
  auth: { mode: "jwt", ...(props.loginUrl ? { loginUrl: props.loginUrl } : {}) },
});

/**
 * Content-Security-Policy: scripts, styles and images only from the site; connections to the API, WebSocket and S3.
 * An API URL only known at apply (a reference) becomes the AWS wildcard of its scheme: referencing the API here
 * would make the distribution depend on the API, whose CORS origins depend on the distribution (a cycle).
 */
function contentSecurityPolicy(props: OrdersStaticSiteProps): string {
  const origin = (url: string, scheme: "https" | "wss") => (Token.isUnresolved(url) ? `${scheme}://*.amazonaws.com` : new URL(url).origin);
  const sources = [
    "'self'",
    origin(props.apiUrl, "https"),
    origin(props.wsUrl, "wss"),
    ...(props.connectSources ?? ["https://*.amazonaws.com"]),
  ];
  const connect = [...new Set(sources)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Bucket policy: only this distribution, through Origin Access Control, may read objects; and TLS only.
 * The bucket stays private (public access fully blocked).
 */
export function buildSiteBucketPolicy(inputs: { bucketArn: string; distributionArn: string }): PolicyDocument {
  const objects = `${inputs.bucketArn}/*`;
  return policyDocument([
    {
      Sid: "AllowCloudFrontOriginAccessControlRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: objects,
      Condition: { StringEquals: { "AWS:SourceArn": inputs.distributionArn } },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [inputs.bucketArn, objects],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}

/** Key policy: the account administers it through IAM; CloudFront may decrypt for this distribution only. */
export function buildSiteKeyPolicy(inputs: { partition: string; accountId: string; distributionArn: string }): PolicyDocument {
  return policyDocument([
    {
      Sid: "EnableIamPoliciesOfTheAccount",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(inputs.partition, inputs.accountId) },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AllowCloudFrontToDecryptForTheSite",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "AWS:SourceArn": inputs.distributionArn } },
    },
  ]);
}

/**
 * The orders web page as a static site: a private, SSE-KMS S3 bucket read only by a CloudFront
 * distribution through Origin Access Control (SigV4), HTTPS only, with security headers and a
 * config.json pointing the page at the API. Optional: the orders stack composes it when wanted.
 */
export class OrdersStaticSite extends Construct {
  /** The site's URL, https://<distribution domain> (or the first alias). */
  readonly url: string;
  readonly bucket: S3Bucket;
  readonly distribution: CloudfrontDistribution;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: OrdersStaticSiteProps) {
    super(scope, id);
    const siteDir = props.siteDir ?? DEFAULT_SITE_DIR;
    const problems = findStaticSiteProblems(props, siteDir);
    if (problems.length > 0) throw new Error(`OrdersStaticSite "${id}" has ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
    const tags = props.tags ? { ...props.tags } : undefined;
    const partition = new DataAwsPartition(this, "Partition").partition;
    const accountId = new DataAwsCallerIdentity(this, "Account").accountId;

    this.bucket = new S3Bucket(this, "Bucket", { bucketPrefix: `${props.name}-site-`, forceDestroy: props.forceDestroy ?? false, tags });
    new S3BucketPublicAccessBlock(this, "BucketPublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "BucketOwnershipControls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketVersioningA(this, "BucketVersioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });

    const oac = new CloudfrontOriginAccessControl(this, "OriginAccessControl", {
      name: `${props.name}-site`,
      description: "Orders web page: CloudFront signs every request to the private bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, "SecurityHeaders", {
      name: `${props.name}-site-security-headers`,
      securityHeadersConfig: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props), override: true },
        strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "no-referrer", override: true },
      },
    });
    const originId = "site-bucket";
    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      comment: `${props.name} orders web page`,
      defaultRootObject: "index.html",
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? "PriceClass_100",
      aliases: props.aliases ? [...props.aliases] : undefined,
      origin: [{ originId, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: headers.id,
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: props.certificateArn
        ? { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
        : { cloudfrontDefaultCertificate: true },
      tags,
    });

    this.key = new KmsKey(this, "Key", {
      description: `${props.name} orders web page (site bucket)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(buildSiteKeyPolicy({ partition, accountId, distributionArn: this.distribution.arn })),
      tags,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "BucketEncryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketPolicy(this, "BucketPolicy", {
      bucket: this.bucket.id,
      policy: renderPolicy(buildSiteBucketPolicy({ bucketArn: this.bucket.arn, distributionArn: this.distribution.arn })),
    });

    for (const file of readdirSync(siteDir).filter((f) => CONTENT_TYPES[extname(f)] && f !== "config.json")) {
      const path = join(siteDir, file);
      const asset = new TerraformAsset(this, `Asset-${file}`, { path, type: AssetType.FILE, assetHash: assetHashOf(path) });
      new S3Object(this, `File-${file}`, {
        bucket: this.bucket.id,
        key: file,
        source: asset.path,
        sourceHash: asset.assetHash,
        contentType: CONTENT_TYPES[extname(file)],
        // index.html and config.json are re-read at once after a deploy; app.js and app.css are cached like them (no hashed names).
        cacheControl: "no-cache",
        kmsKeyId: this.key.arn,
        serverSideEncryption: "aws:kms",
      });
    }
    new S3Object(this, "File-config.json", {
      bucket: this.bucket.id,
      key: "config.json",
      content: JSON.stringify(siteConfig(props), null, 2),
      contentType: CONTENT_TYPES[".json"],
      cacheControl: "no-cache",
      kmsKeyId: this.key.arn,
      serverSideEncryption: "aws:kms",
    });
    this.url = props.aliases?.length ? `https://${props.aliases[0]}` : `https://${this.distribution.domainName}`;
  }
}
