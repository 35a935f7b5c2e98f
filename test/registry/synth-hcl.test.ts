import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allEnvironments, EnvironmentConfig } from "../../environments";
import { OUTPUT_NAMES } from "../../modules/claim-check/spec";
import { synthHcl } from "../../tools/synth-hcl/main";
import { SynthesizedStack, synthEnvironment } from "../support/synth";
import { parseHcl } from "../support/hcl";
import { describeWithTerraform, listFiles, terraform, TerraformResult } from "../support/terraform";
import { evaluateModules, ModuleEvaluation } from "./support/evaluate-module";
import { normalize, resourcesByModuleAddress } from "./support/parity";
import type { TerraformJson as Json } from "../support/synth";

/** Defect 9: `npm run synth:hcl` writes, per environment, a root module Terraform accepts, equal in resources to the JSON synth. */

const ENV = {
  CLAIM_CHECK_PROD_KMS_KEY_ARN: "arn:aws:kms:us-east-1:111122223333:key/0f0f0f0f-1111-2222-3333-444444444444",
  CLAIM_CHECK_PROD_PRODUCER_ROLE_NAMES: "orders-api",
  CLAIM_CHECK_PROD_CONSUMER_ROLE_NAMES: "orders-worker, fulfilment",
  CLAIM_CHECK_STAGING_ACCESS_LOG_BUCKET: "acme-s3-access-logs",
};
const outdir = mkdtempSync(join(tmpdir(), "claim-check-hcl-"));
const { dirs, warnings } = synthHcl(outdir, ENV);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const configs = allEnvironments(ENV);
/** Each environment's CDKTF synth, made once: two tests read it. */
const synths = new Map<string, SynthesizedStack>();
const synthOf = (config: EnvironmentConfig) =>
  synths.get(config.name) ?? synths.set(config.name, synthEnvironment(config)).get(config.name)!;
const parsed = (dir: string, file: string): Promise<Json> => parseHcl(file, readFileSync(join(dir, file), "utf8"));

test("one folder per environment, each with the root module, the moved blocks and a copy of the module", () => {
  expect(dirs.map((d) => d.slice(outdir.length + 1))).toEqual(configs.map((c) => c.name));
  for (const dir of dirs) {
    expect(listFiles(dir).sort()).toEqual(
      expect.arrayContaining(["main.tf", "outputs.tf", "moved.tf", "modules/claim-check/main.tf", "modules/claim-check/variables.tf"]),
    );
  }
});

describe.each(configs.map((c, i) => [c.name, c, dirs[i]] as const))("%s", (_name, config, dir) => {
  test("every file parses with the HCL parser", async () => {
    for (const file of listFiles(dir).filter((f) => f.endsWith(".tf")))
      expect(Object.keys(await parsed(dir, file)).length).toBeGreaterThan(0);
  });

  test("the provider region, the state backend and every output of the contract are set", async () => {
    const main = await parsed(dir, "main.tf");
    expect(main.provider.aws[0].region).toBe(config.region);
    const backend = main.terraform[0].backend;
    const kind = (name: string) => (Array.isArray(backend) ? backend[0][name] : backend[name])[0];
    if (config.backend.kind === "s3")
      expect(kind("s3")).toMatchObject({ bucket: config.backend.bucket, key: config.backend.key, use_lockfile: true });
    else expect(kind("local").path).toMatch(/^\/.*\.tfstate$/); // absolute: never inside the build folder
    expect(Object.keys((await parsed(dir, "outputs.tf")).output).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  test("a moved block takes every CDKTF resource into the module", async () => {
    const resources = Object.entries(synthOf(config).resource).flatMap(([type, byId]) =>
      Object.keys(byId as object).map((id) => `\${${type}.${id}}`),
    );
    const moved = (await parsed(dir, "moved.tf")).moved.map((m: Json) => m.from);
    expect(moved.sort()).toEqual(resources.sort());
  });
});

test("every setting is carried over: no warnings", () => {
  expect(warnings).toEqual([]);
});

/** Review 8, item 3: the moved blocks take prod's resources into the module copy, which must protect them too. */
test.each(configs.map((c, i) => [c.name, c, dirs[i]] as const))(
  "%s: the module copy protects the bucket, the key and the queues exactly when the environment sets preventDestroy",
  async (_name, config, dir) => {
    const main = await parsed(join(dir, "modules/claim-check"), "main.tf");
    const protectedAddresses = Object.entries(main.resource as Record<string, Record<string, Json[]>>).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, [body]]) => body.lifecycle?.[0]?.prevent_destroy === true)
        .map(([name]) => `${type}.${name}`),
    );
    expect(protectedAddresses.sort()).toEqual(
      config.claimCheck.preventDestroy ? ["aws_kms_key.this", "aws_s3_bucket.this", "aws_sqs_queue.dlq", "aws_sqs_queue.this"] : [],
    );
  },
);

test("prod sets preventDestroy, so the test above checks a protected copy", () => {
  expect(configs.find((c) => c.name === "prod")!.claimCheck.preventDestroy).toBe(true);
});

describeWithTerraform("with the terraform CLI", () => {
  /** A copy without the backend block: initialising a backend is for the user's real run. */
  const withoutBackend = (dir: string) => {
    const copy = mkdtempSync(join(tmpdir(), "claim-check-hcl-root-"));
    cpSync(dir, copy, { recursive: true });
    const main = readFileSync(join(copy, "main.tf"), "utf8");
    writeFileSync(join(copy, "main.tf"), main.replace(/\n {2}backend "\w+" \{[^}]*\}\n/, "\n"));
    return copy;
  };

  // One fmt run checks every environment's folder: it lists each file it would change, by its path from outdir.
  let fmt: TerraformResult;
  beforeAll(() => {
    fmt = terraform(outdir, ["fmt", "-check", "-recursive", "-no-color"]);
  });
  const underDir = (output: string, dir: string) =>
    output.split("\n").filter((line) => line.trim() !== "" && join(outdir, line.trim()).startsWith(`${dir}/`));

  test.each(configs.map((c, i) => [c.name, dirs[i]] as const))(
    "%s: terraform fmt -check and terraform providers accept it",
    (_name, dir) => {
      expect({ unformatted: underDir(fmt.stdout, dir), status: fmt.status }).toEqual({ unformatted: [], status: 0 });
      const copy = withoutBackend(dir);
      expect(terraform(copy, ["get", "-no-color"]).status).toBe(0);
      const providers = terraform(copy, ["providers", "-no-color"]);
      expect(providers.status).toBe(0);
      expect(providers.stdout).toContain("module.claim_check");
      rmSync(copy, { recursive: true, force: true });
    },
  );

  // Every environment's module copy is evaluated in one terraform run (see evaluateModules).
  let evaluations: ModuleEvaluation[];
  beforeAll(async () => {
    const cases = dirs.map(async (dir) => {
      const moduleBlock = (await parsed(dir, "main.tf")).module.claim_check[0];
      const variables = Object.fromEntries(Object.entries(moduleBlock).filter(([key]) => key !== "source"));
      return { moduleDir: join(dir, "modules/claim-check"), variables };
    });
    evaluations = await evaluateModules(await Promise.all(cases));
  }, 60_000);

  describe.each(configs.map((c, i) => [c.name, c, i] as const))("%s: the same resources as the JSON synth", (_name, config, i) => {
    test("every resource and output, evaluated by terraform, equals the CDKTF stack's", () => {
      const module = evaluations[i];
      const construct = resourcesByModuleAddress(synthOf(config));
      expect(Object.keys(module.resources).sort()).toEqual(Object.keys(construct.resources).sort());
      for (const address of Object.keys(construct.resources)) {
        const sortRoles = (v: Json) => (Array.isArray(v) ? [...v].sort((a, b) => a.role.localeCompare(b.role)) : v);
        expect({ address, body: normalize(sortRoles(module.resources[address])) }).toEqual({
          address,
          body: normalize(sortRoles(construct.resources[address])),
        });
      }
      expect(normalize(module.outputs)).toEqual(normalize(construct.outputs));
    });
  });
});

test("npm run synth:hcl runs this tool, writing to cdktf.out/hcl", () => {
  const scripts = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).scripts;
  expect(scripts["synth:hcl"]).toMatch(/node scripts\/ts-run\.cjs tools\/synth-hcl\/main\.ts$/);
});
