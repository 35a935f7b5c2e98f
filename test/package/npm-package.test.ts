import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, npm_config_update_notifier: "false" } });

const CONSUMER = `
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { addClaimCheckOutputs, ClaimCheck, ClaimCheckProps } from "cdktf-claim-check";
import { ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage } from "cdktf-claim-check/client";

// The client entry point resolves, with types.
const usesClient: [typeof ClaimCheckProducer, typeof configFromTerraformOutputs, typeof parseClaimMessage] = [ClaimCheckProducer, configFromTerraformOutputs, parseClaimMessage];
if (usesClient.some((f) => typeof f !== "function")) throw new Error("client exports missing");

const props: ClaimCheckProps = { name: "orders", environment: "prod", producerRoleNames: ["orders-api"] };
const stack = new TerraformStack(Testing.app(), "consumer");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
addClaimCheckOutputs(stack, new ClaimCheck(stack, "ClaimCheck", props));
console.log(Testing.synth(stack));
`;

// Packs the construct as npm would publish it, installs the tarball with its peer dependencies into a
// fresh project (offline, from npm's cache, which \`npm ci\` filled), then type-checks and synthesizes.
describe("the npm package", () => {
  const work = mkdtempSync(join(tmpdir(), "claim-check-package-"));
  const consumer = join(work, "consumer");
  let tarball: string;
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", work], ROOT));
    tarball = join(work, packed[0].filename);
    execFileSync("mkdir", ["-p", consumer]);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    const peers = Object.keys(pkg.peerDependencies).map((name) => `${name}@${pkg.devDependencies[name]}`);
    npm(["install", "--offline", "--no-audit", "--no-fund", tarball, ...peers], consumer);
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER);
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "commonjs", target: "es2022", esModuleInterop: true, skipLibCheck: true, types: [], outDir: "out" },
        files: ["consumer.ts"],
      }),
    );
  }, 180_000);

  test("contains the compiled construct and client with types, the schema, and nothing else but docs", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/dist/lib/modules/claim-check/index.js",
        "package/dist/lib/modules/claim-check/index.d.ts",
        "package/dist/lib/client/index.js",
        "package/dist/lib/client/index.d.ts",
        "package/dist/lib/client/cli.js",
        "package/dist/lib/client/claim-message.schema.json",
        "package/LICENSE",
        "package/README.md",
      ]),
    );
    expect(files.filter((f) => !/^package\/(dist\/lib\/.*\.(js|d\.ts|js\.map|json)|bin\/claim-check\.js|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(f))).toEqual([]);
    expect(files.some((f) => f.includes("registry") || f.includes("test/") || f.includes("environments/"))).toBe(false);
  });

  test("declares cdktf, constructs and the AWS provider as peers, and only the client's runtime libraries as dependencies", () => {
    const installed = JSON.parse(readFileSync(join(consumer, "node_modules/cdktf-claim-check/package.json"), "utf8"));
    expect(installed.peerDependencies).toEqual({ "@cdktf/provider-aws": "^21.0.0", cdktf: "^0.21.0", constructs: "^10.4.2" });
    expect(Object.keys(installed.dependencies).sort()).toEqual(["@aws-sdk/client-s3", "@aws-sdk/client-sqs", "@aws-sdk/lib-storage", "ajv", "cli-progress", "commander"]);
  });

  test("installs the claim-check command", () => {
    const help = execFileSync(join(consumer, "node_modules/.bin/claim-check"), ["--help"], { encoding: "utf8" });
    expect(help).toContain("Send and receive payloads through a claim-check bucket and queue");
  });

  test("type-checks and compiles in a consumer project against the published types", () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    // The consumer uses CommonJS with TypeScript's default (node10) resolution, like a `cdktf init` project.
    const result = spawnSync(process.execPath, [tsc, "-p", "."], { cwd: consumer, encoding: "utf8" });
    expect({ status: result.status, output: result.stdout }).toEqual({ status: 0, output: "" });
  }, 60_000);

  test("synthesizes a claim-check stack from the installed package", () => {
    const out = execFileSync(process.execPath, ["out/consumer.js"], { cwd: consumer, encoding: "utf8" });
    const stack = JSON.parse(out);
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining(["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_iam_role_policy_attachment"]));
    expect(stack.output.queue_url.value).toMatch(/^\$\{aws_sqs_queue\./);
  }, 60_000);
});
