import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { allEnvironments } from "../../environments";
import { addAllStacks, allOrdersEnvironments } from "../../environments/orders";
import { IndependentStack } from "../../environments/stack";

/** Every file `app.synth()` writes under stacks/, by path, after `build` adds the stacks to a fresh app. */
function synthesizedStacks(build: (app: App) => void, { cdktfPreparingPass }: { cdktfPreparingPass: boolean }): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "claim-check-independent-"));
  try {
    const app = new App({ outdir });
    build(app);
    if (cdktfPreparingPass) {
      for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
        stack.prepareStack = () => TerraformStack.prototype.prepareStack.call(stack);
      }
    }
    app.synth();
    const files = new Map<string, string>();
    for (const entry of readdirSync(join(outdir, "stacks"), { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        files.set(relative(outdir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8"));
    }
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The stacks' files that differ between a synth without and with cdktf's preparing pass. */
function differences(build: (app: App) => void): string[] {
  const ours = synthesizedStacks(build, { cdktfPreparingPass: false });
  const cdktfs = synthesizedStacks(build, { cdktfPreparingPass: true });
  const paths = [...new Set([...ours.keys(), ...cdktfs.keys()])].sort();
  return paths.filter((path) => ours.get(path) !== cdktfs.get(path));
}

class Stack extends IndependentStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
  }
}

// environments/stack.ts: our stacks skip cdktf's preparing resolve, which only serves cross-stack references.
describe("IndependentStack", () => {
  test("every stack main.ts writes is byte-identical to a synth with cdktf's own preparing pass", () => {
    const build = (app: App) => addAllStacks(app, allEnvironments(), allOrdersEnvironments());
    const stacks = [...synthesizedStacks(build, { cdktfPreparingPass: false }).keys()].filter((path) => path.endsWith("cdk.tf.json"));
    expect(stacks.sort()).toEqual(
      ["dev", "orders-dev", "orders-prod", "orders-staging", "prod", "staging"].map((name) => join("stacks", name, "cdk.tf.json")),
    );
    expect(differences(build)).toEqual([]);
  }, 60_000);

  test("a reference to another stack's resource, which needs that pass, makes the comparison fail", () => {
    const build = (app: App) => {
      const bucket = new S3Bucket(new Stack(app, "first"), "bucket", { bucket: "first-bucket" });
      new SsmParameter(new Stack(app, "second"), "name", { name: "bucket-name", type: "String", value: bucket.bucket });
    };
    expect(differences(build)).toEqual([join("stacks", "first", "cdk.tf.json"), join("stacks", "second", "cdk.tf.json")]);
  });

  test("a stack without a backend still gets cdktf's default local one", () => {
    const files = synthesizedStacks((app) => void new S3Bucket(new Stack(app, "lone"), "bucket", {}), { cdktfPreparingPass: false });
    expect(JSON.parse(files.get(join("stacks", "lone", "cdk.tf.json"))!).terraform.backend).toEqual({
      local: { path: expect.stringMatching(/terraform\.lone\.tfstate$/) },
    });
  });
});
