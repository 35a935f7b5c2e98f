import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { addClaimCheckOutputs, ClaimCheck } from "../modules/claim-check";
import { EnvironmentConfig, StateBackend } from "./types";

/** One environment's stack: provider, state backend, the claim-check module and its outputs. */
export class ClaimCheckStack extends TerraformStack {
  public readonly claimCheck: ClaimCheck;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, config.name);
    new AwsProvider(this, "aws", { region: config.region });
    configureBackend(this, config.backend);
    this.claimCheck = new ClaimCheck(this, "ClaimCheck", config.claimCheck);
    addClaimCheckOutputs(this, this.claimCheck);
  }
}

function configureBackend(stack: TerraformStack, backend: StateBackend): void {
  if (backend.kind === "local") {
    new LocalBackend(stack, { path: backend.path });
    return;
  }
  new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true });
  // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
