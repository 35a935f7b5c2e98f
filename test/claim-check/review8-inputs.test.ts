import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ClaimCheck, ClaimCheckProps, ClaimCheckValidationError } from "../../modules/claim-check";

/** Review 8: inputs the construct wrongly rejected or wrongly accepted. */
function problemsOf(props: (scope: Construct) => Record<string, unknown>, region?: string): readonly string[] {
  try {
    Testing.synthScope((scope) => {
      if (region) new AwsProvider(scope, "aws", { region });
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", ...props(scope) } as unknown as ClaimCheckProps);
    });
    return [];
  } catch (error) {
    if (error instanceof ClaimCheckValidationError) return error.problems;
    throw error;
  }
}
const stringVar = (scope: Construct, id: string) => new TerraformVariable(scope, id, { type: "string" }).stringValue;

describe("tags whose key or value is a reference (item 2)", () => {
  test("a reference as a tag value synthesizes", () => {
    expect(problemsOf((s) => ({ tags: { Team: stringVar(s, "team") } }))).toEqual([]);
  });

  test("a reference as a tag key synthesizes", () => {
    expect(problemsOf((s) => ({ tags: { [stringVar(s, "key")]: "payments" } }))).toEqual([]);
  });

  test("known entries next to a reference are still checked", () => {
    expect(problemsOf((s) => ({ tags: { Team: stringVar(s, "team"), Owner: "a?b" } }))).toEqual([
      expect.stringMatching(/^tags values must be strings/),
    ]);
  });
});

describe("an existing key ARN whose partition contradicts its region (item 10)", () => {
  const ARN = (partition: string, region: string) => `arn:${partition}:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test.each([
    ["aws-cn", "us-east-1"],
    ["aws", "cn-north-1"],
    ["aws-us-gov", "eu-west-1"],
  ])("arn:%s:kms:%s is rejected, with or without a known stack region", (partition, region) => {
    const arn = ARN(partition, region);
    const message = `existingKmsKeyArn must have the partition of its region (${region} is in ${region.startsWith("cn-") ? "aws-cn" : "aws"}), but "${arn}" was given`;
    expect(problemsOf(() => ({ existingKmsKeyArn: arn }))).toEqual([message]);
    expect(problemsOf(() => ({ existingKmsKeyArn: arn }), region)).toEqual([message]);
  });

  test.each([
    ["aws", "us-east-1"],
    ["aws-cn", "cn-north-1"],
    ["aws-us-gov", "us-gov-west-1"],
  ])("arn:%s:kms:%s is accepted", (partition, region) => {
    expect(problemsOf(() => ({ existingKmsKeyArn: ARN(partition, region) }), region)).toEqual([]);
  });
});

describe("access log bucket names S3 forbids (item 12)", () => {
  test.each(["192.168.1.1", "a..b", "xn--abc", "sthree-logs", "logs-s3alias", "logs--ol-s3"])("%s is rejected", (name) => {
    expect(problemsOf(() => ({ accessLogBucketName: name }))).toEqual([
      expect.stringMatching(/^accessLogBucketName must be a valid S3 bucket name/),
    ]);
  });

  test.each(["acme-logs", "acme.logs.eu", "logs1", "1.2.3.logs"])("%s is accepted", (name) => {
    expect(problemsOf(() => ({ accessLogBucketName: name }))).toEqual([]);
  });
});

describe("JavaScript callers without props (item 13)", () => {
  test.each([undefined, null, "orders", 5])("new ClaimCheck(scope, id, %p) throws a validation error naming the props", (props) => {
    let thrown: unknown;
    try {
      Testing.synthScope((scope) => new ClaimCheck(scope, "ClaimCheck", props as unknown as ClaimCheckProps));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClaimCheckValidationError);
    expect((thrown as ClaimCheckValidationError).problems).toEqual([
      `props must be an object holding at least name, but ${props === undefined ? "undefined" : JSON.stringify(props)} was given`,
    ]);
  });
});

describe("keyAdministratorArns as a list reference (item 8)", () => {
  test("synthesizes, with the administrators' statement only when the list is non-empty at plan", () => {
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        const admins = new TerraformVariable(scope, "admins", { type: "list(string)" }).listValue;
        new ClaimCheck(scope, "ClaimCheck", { name: "orders", keyAdministratorArns: admins });
      }),
    );
    const [key] = Object.values(stack.resource.aws_kms_key) as { policy: string }[];
    expect(key.policy).toMatch(/^\$\{jsonencode\(\{"Version" = "2012-10-17", "Statement" = concat\(/);
    expect(key.policy).toContain('(length(var.admins) >= 1) ? [{"Sid" = "AllowKeyAdministration"');
    expect(key.policy).toContain('"Principal" = {"AWS" = var.admins}');
    expect(key.policy).toContain('"Sid" = "EnableIamPoliciesOfTheAccount"');
  });
});
