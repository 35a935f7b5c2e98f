import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { addClaimCheckOutputs, ClaimCheck } from "../modules/claim-check";
import { envVarName } from "./settings";
import { EnvironmentConfig, StateBackend } from "./types";

/**
 * A stack of ours: it references no other stack (each keeps its own state) and makes nothing inside a Lazy
 * value. cdktf resolves every stack twice at synth; the first, "preparing" pass (`prepareStack`) exists to
 * turn references to another stack's resources into outputs and remote-state data sources, and has side
 * effects besides, none of which our stacks use: a construct made, or an error annotation added, by a Lazy
 * value's producer is kept (skipped here: dropped, and the error not reported), and logical ids are fixed
 * before Aspects run (here an Aspect's `overrideLogicalId` takes effect). Skipping it saves about a ninth
 * of the app's run: six stacks with over 400 resources resolved once more.
 * test/environments/independent-stacks.test.ts proves every stack's output byte-identical to one made with
 * cdktf's own pass, with the default settings and with every setting given, so a stack that comes to need
 * that pass fails there.
 */
export abstract class IndependentStack extends TerraformStack {
  /** cdktf's `prepareStack` without its preparing resolve: the default backend is still added when none is. */
  public prepareStack(): void {
    this.ensureBackendExists();
  }
}

/** One environment's stack: provider, state backend, the claim-check module and its outputs. */
export class ClaimCheckStack extends IndependentStack {
  public readonly claimCheck: ClaimCheck;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, config.name);
    new AwsProvider(this, "aws", { region: config.region });
    configureBackend(this, config.backend, {
      name: config.name,
      sharedState: config.sharedState,
      stateBucketVariables: `CLAIM_CHECK_STATE_BUCKET or ${envVarName(config.name, "STATE_BUCKET")}`,
    });
    this.claimCheck = new ClaimCheck(this, "ClaimCheck", config.claimCheck);
    addClaimCheckOutputs(this, this.claimCheck);
  }
}

/**
 * The stack's state backend: S3 with S3-native locking, or a local file, with a synth warning when an
 * environment others deploy too keeps its state on this machine. `stateBucketVariables` names what to set.
 */
export function configureBackend(
  stack: TerraformStack,
  backend: StateBackend,
  {
    name,
    sharedState,
    stateBucketVariables,
  }: { readonly name: string; readonly sharedState: boolean; readonly stateBucketVariables: string },
): void {
  if (backend.kind === "local") {
    new LocalBackend(stack, { path: backend.path });
    if (sharedState) {
      Annotations.of(stack).addWarning(
        `${name} keeps its Terraform state in a local file (${backend.path}), on this machine only: ` +
          `set ${stateBucketVariables} to keep it in S3 before deploying ${name}.`,
      );
    }
    return;
  }
  new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true });
  // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
