import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, TerraformAsset } from "cdktf";
import { assetHashOf } from "./asset-hash";
import { Construct } from "constructs";
import { resolve } from "node:path";
import { PolicyDocument, renderPolicy } from "../claim-check";
import { Bundles, bundleHandlers } from "./bundles";
import { FUNCTIONS } from "./spec/function-roles";

/** Where the handler modules live: the same files the local runtime imports. */
export const FUNCTIONS_DIR = resolve(__dirname, "..", "..", "apps", "orders", "functions");

let bundles: Bundles | undefined;

/** Every handler's bundle, built in one esbuild build on first use and shared by all stacks of the process. */
function allBundles(): Bundles {
  bundles ??= bundleHandlers({ functionsDir: FUNCTIONS_DIR, modules: Object.values(FUNCTIONS).map((f) => f.module) });
  return bundles;
}

/**
 * The folder holding the esbuild bundle (`index.js`) of one handler, reused by later synths while no
 * input changes (see {@link bundleHandlers}).
 */
export function bundleHandler(module: string): string {
  return allBundles().dirs[module] ?? bundleHandlers({ functionsDir: FUNCTIONS_DIR, modules: [module] }).dirs[module];
}

/** The deterministic zip of one handler's bundle: the Lambda's deployment package. */
export function handlerZip(module: string): string {
  return allBundles().zips[module] ?? bundleHandlers({ functionsDir: FUNCTIONS_DIR, modules: [module] }).zips[module];
}

export interface NodeFunctionProps {
  /** Function name, e.g. "orders-dev-create-order". */
  readonly functionName: string;
  /** Handler module under apps/orders/functions (without .ts). */
  readonly module: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly environment: Record<string, string>;
  /** Key of the log group and the environment variables. */
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default [] */
  readonly layers?: string[];
}

/**
 * A TypeScript Lambda: bundled at synth into a TerraformAsset (no archive provider), nodejs22.x on arm64,
 * JSON logs into its own CMK-encrypted log group, X-Ray active, its own role. Its inline policy is added
 * with {@link NodeFunction.grant} once every ARN it names exists.
 */
export class NodeFunction extends Construct {
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    // A zip made once per bundle (not an ARCHIVE asset, which cdktf zips in a child process per stack).
    const zip = handlerZip(props.module);
    const asset = new TerraformAsset(this, "Code", { path: zip, type: AssetType.FILE, assetHash: assetHashOf(zip) });
    this.role = new IamRole(this, "Role", {
      name: props.functionName,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.logGroup = new CloudwatchLogGroup(this, "Logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.function = new LambdaFunction(this, "Function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeoutSeconds,
      kmsKeyArn: props.kmsKeyArn,
      layers: props.layers,
      environment: { variables: { POWERTOOLS_SERVICE_NAME: props.functionName, ...props.environment } },
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [this.logGroup],
    });
  }

  get arn(): string {
    return this.function.arn;
  }

  /** Attaches the function's least-privilege inline policy. */
  grant(document: PolicyDocument): IamRolePolicy {
    return new IamRolePolicy(this, "Policy", { name: "least-privilege", role: this.role.id, policy: renderPolicy(document) });
  }
}
