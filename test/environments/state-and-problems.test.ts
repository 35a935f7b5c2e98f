import { App, TerraformStack } from "cdktf";
import { isAbsolute, join } from "node:path";
import { addEnvironmentStacks, allEnvironments, EnvironmentValidationError, prodConfig } from "../../environments";

const NO_ENV = {};
const warningsOf = (stack: TerraformStack): string[] =>
  stack.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));

describe("Terraform state", () => {
  // cdktf runs terraform inside cdktf.out/stacks/<env>/: a relative path would keep the state in
  // the build folder, and `rm -rf cdktf.out` would lose it.
  test.each(allEnvironments(NO_ENV).map((c) => [c.name, c] as const))(
    "%s keeps local state at an absolute path at the project root",
    (name, config) => {
      expect(config.backend).toEqual({ kind: "local", path: join(process.cwd(), `terraform.${name}.tfstate`) });
      expect(isAbsolute(config.backend.kind === "local" ? config.backend.path : "")).toBe(true);
      expect(prodConfig(NO_ENV, "/srv/project").backend).toEqual({ kind: "local", path: "/srv/project/terraform.prod.tfstate" });
    },
  );

  test("synth warns (a cdktf annotation) when staging or prod keep state locally, naming the variables to set", () => {
    const stacks = addEnvironmentStacks(new App({ skipValidation: true }), allEnvironments(NO_ENV, "/project"));
    const warnings = Object.fromEntries(stacks.map((stack) => [stack.node.id, warningsOf(stack)]));
    expect(warnings.dev).toEqual([]);
    for (const name of ["staging", "prod"]) {
      expect(warnings[name]).toEqual([
        `${name} keeps its Terraform state in a local file (/project/terraform.${name}.tfstate), on this machine only: ` +
          `set CLAIM_CHECK_STATE_BUCKET or CLAIM_CHECK_${name.toUpperCase()}_STATE_BUCKET to keep it in S3 before deploying ${name}.`,
      ]);
    }
  });

  test("does not warn when the state is in S3", () => {
    const stacks = addEnvironmentStacks(new App({ skipValidation: true }), allEnvironments({ CLAIM_CHECK_STATE_BUCKET: "acme-state" }));
    expect(stacks.flatMap(warningsOf)).toEqual([]);
  });
});

describe("bad settings in several environments", () => {
  const BAD = {
    CLAIM_CHECK_DEV_KMS_KEY_ARN: "alias/orders",
    CLAIM_CHECK_DEV_REGION: "eu west 1",
    CLAIM_CHECK_PROD_PRODUCER_ROLE_NAMES: "orders-api,bad role!",
    AWS_REGION: "eu-west-1",
  };

  function problemsOf(env: Record<string, string>): readonly string[] {
    try {
      addEnvironmentStacks(new App({ skipValidation: true }), allEnvironments(env));
    } catch (error) {
      if (error instanceof EnvironmentValidationError) return error.problems;
      throw error;
    }
    return [];
  }

  test("are all reported in one run, each naming the environment and the environment variable it came from", () => {
    const problems = problemsOf(BAD);
    expect(problems).toEqual([
      expect.stringMatching(/^dev: region .*"eu west 1" was given \(from environment variable CLAIM_CHECK_DEV_REGION\)$/),
      expect.stringMatching(
        /^dev: existingKmsKeyArn .*"alias\/orders" was given \(from environment variable CLAIM_CHECK_DEV_KMS_KEY_ARN\)$/,
      ),
      expect.stringMatching(/^prod: producerRoleNames.*"bad role!".* \(from environment variable CLAIM_CHECK_PROD_PRODUCER_ROLE_NAMES\)$/),
    ]);
  });

  test("throw one error whose message lists every problem", () => {
    expect(() => addEnvironmentStacks(new App({ skipValidation: true }), allEnvironments(BAD))).toThrow(
      /^Invalid environment settings \(3\):\n- dev: region [^\n]+\n- dev: existingKmsKeyArn [^\n]+\n- prod: producerRoleNames items [^\n]+$/,
    );
  });

  test("a problem in a setting from the environment's own file names that file", () => {
    const config = prodConfig({});
    const broken = { ...config, claimCheck: { ...config.claimCheck, messageRetentionSeconds: 5 } };
    expect(() => addEnvironmentStacks(new App({ skipValidation: true }), [broken])).toThrow(
      /- prod: messageRetentionSeconds [^\n]+ \(set in environments\/prod\/index\.ts\)/,
    );
  });

  test("valid settings register one stack per environment", () => {
    expect(problemsOf({ AWS_REGION: "eu-west-1" })).toEqual([]);
  });
});

describe("key administrators next to an existing key (review 8, item 5)", () => {
  test("CLAIM_CHECK_<ENV>_KEY_ADMIN_ARNS is reported as a conflict naming the variable, not dropped", () => {
    const env = {
      CLAIM_CHECK_PROD_KMS_KEY_ARN: "arn:aws:kms:us-east-1:111122223333:key/0f0f0f0f-1111-2222-3333-444444444444",
      CLAIM_CHECK_PROD_KEY_ADMIN_ARNS: "arn:aws:iam::111122223333:role/admin",
    };
    expect(() => addEnvironmentStacks(new App({ skipValidation: true }), allEnvironments(env))).toThrow(
      /- prod: keyAdministratorArns configures a key the module creates and contradicts existingKmsKeyArn, but \["arn:aws:iam::111122223333:role\/admin"\] was given \(from environment variable CLAIM_CHECK_PROD_KEY_ADMIN_ARNS\)/,
    );
  });
});
