import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Testing } from "cdktf";
import { ClaimCheck } from "../../modules/claim-check";
import { logicalIdOf, ref, SynthesizedStack } from "../support/synth";

const assumeRole = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
});

/** The path of the test stack that Testing.synthScope builds around the constructs. */
const stackPath = "stack";

function synth(build: (scope: import("constructs").Construct) => void): SynthesizedStack {
  return JSON.parse(Testing.synthScope(build));
}

/** The reference to a role's name, as the synthesized JSON holds it (inside an expression). */
const roleName = (stack: SynthesizedStack, name: string) => {
  const [logicalId] = Object.entries(stack.resource.aws_iam_role).find(([, body]) => body.name === name)!;
  return `aws_iam_role.${logicalId}.name`;
};

const attachment = (stack: SynthesizedStack, id: string) =>
  stack.resource.aws_iam_role_policy_attachment[logicalIdOf(stack, "aws_iam_role_policy_attachment", id)];

/** Every key of every for_each in the stack: each must be known at synth (review 8, item 1). */
const forEachKeys = (stack: SynthesizedStack): string[] =>
  Object.values(stack.resource).flatMap((byId) =>
    Object.values(byId).flatMap((body) => (body.for_each === undefined ? [] : Object.keys(body.for_each as Record<string, string>))),
  );

describe("roles defined in the same stack (defect 3)", () => {
  test("role names that are references synthesize, keyed by their list index (the name is unknown until apply)", () => {
    const stack = synth((scope) => {
      const api = new IamRole(scope, "Api", { name: "orders-api", assumeRolePolicy: assumeRole });
      const worker = new IamRole(scope, "Worker", { name: "orders-worker", assumeRolePolicy: assumeRole });
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: [api.name], consumerRoleNames: [worker.name, "audit"] });
    });
    const producer = attachment(stack, "ProducerPolicyAttachment");
    expect(producer.for_each).toEqual({ "producerRoleNames[0]": `\${${roleName(stack, "orders-api")}}` });
    expect(producer.role).toBe("${each.value}");
    expect(producer.policy_arn).toBe(ref(stack, "aws_iam_policy", "ProducerPolicy", "arn"));
    expect(attachment(stack, "ConsumerPolicyAttachment").for_each).toEqual({
      "consumerRoleNames[0]": `\${${roleName(stack, "orders-worker")}}`,
      audit: "audit",
    });
  });

  test('literal role names: the same for_each addresses as the Registry module (aws_iam_role_policy_attachment.x["name"])', () => {
    const stack = synth((scope) => {
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["orders-api"] });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toEqual({ "orders-api": "orders-api" });
  });

  test("grantProduce and grantConsume attach the policies to roles after construction", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["batch"] });
      const api = new IamRole(scope, "Api", { name: "orders-api", assumeRolePolicy: assumeRole });
      claimCheck.grantProduce(api);
      claimCheck.grantConsume({ name: "orders-worker" });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toEqual({
      batch: "batch",
      [`${stackPath}/Api`]: `\${${roleName(stack, "orders-api")}}`,
    });
    expect(attachment(stack, "ConsumerPolicyAttachment").for_each).toEqual({ "orders-worker": "orders-worker" });
  });

  test("granting the same role twice is one attachment", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["orders-api"] });
      claimCheck.grantProduce({ name: "orders-api" });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toEqual({ "orders-api": "orders-api" });
  });
});

describe("roles whose name is unknown until apply still plan (review 8, item 1)", () => {
  test("an IamRole without a name, granted by reference, gets its construct path as the key", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders" });
      claimCheck.grantConsume(new IamRole(scope, "Unnamed", { assumeRolePolicy: assumeRole }));
      claimCheck.grantProduce(new IamRole(scope, "Prefixed", { namePrefix: "orders-", assumeRolePolicy: assumeRole }));
      claimCheck.grantProduce({ name: new IamRole(scope, "Plain", { assumeRolePolicy: assumeRole }).name });
    });
    const unnamed = "Unnamed"; // top-level constructs keep their id as the logical id
    expect(attachment(stack, "ConsumerPolicyAttachment").for_each).toEqual({
      [`${stackPath}/Unnamed`]: `\${aws_iam_role.${unnamed}.name}`,
    });
    expect(Object.keys(attachment(stack, "ProducerPolicyAttachment").for_each).sort()).toEqual([
      "grantProduce[1]",
      `${stackPath}/Prefixed`,
    ]);
  });

  test("every for_each key is a literal, whatever mix of literal and referenced roles", () => {
    const stack = synth((scope) => {
      const unnamed = new IamRole(scope, "Unnamed", { assumeRolePolicy: assumeRole });
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", {
        name: "orders",
        producerRoleNames: ["orders-api", unnamed.name],
        consumerRoleNames: [unnamed.name, "service-role/orders-worker"],
      });
      claimCheck.grantProduce(new IamRole(scope, "Later", { assumeRolePolicy: assumeRole }));
    });
    const keys = forEachKeys(stack);
    expect(keys).toHaveLength(5);
    for (const key of keys) expect(key).not.toMatch(/\$\{|TfToken/);
  });
});

describe("roles with a path (review 8, item 11)", () => {
  test("'path/name' is accepted: the attachment takes the bare name, the key policy principal the full ARN", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", {
        name: "orders",
        existingKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        producerRoleNames: ["service-role/orders-api"],
      });
      expect(JSON.stringify(claimCheck.requiredKeyPolicyStatements)).toContain(":role/service-role/orders-api");
      expect(JSON.stringify(claimCheck.requiredKeyPolicyStatements)).not.toContain(":role/orders-api");
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toEqual({ "service-role/orders-api": "orders-api" });
  });
});

test("the same role with and without its path is one attachment (a second would detach both on destroy)", () => {
  const stack = synth((scope) => {
    const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["orders-api"] });
    claimCheck.grantProduce({ name: "service-role/orders-api" });
  });
  expect(attachment(stack, "ProducerPolicyAttachment").for_each).toEqual({ "orders-api": "orders-api" });
});
