import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Testing } from "cdktf";
import { ClaimCheck } from "../../modules/claim-check";
import { logicalIdOf, ref, SynthesizedStack } from "../support/synth";

const assumeRole = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
});

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

describe("roles defined in the same stack (defect 3)", () => {
  test("role names that are references synthesize, one attachment per role keyed by its name", () => {
    const stack = synth((scope) => {
      const api = new IamRole(scope, "Api", { name: "orders-api", assumeRolePolicy: assumeRole });
      const worker = new IamRole(scope, "Worker", { name: "orders-worker", assumeRolePolicy: assumeRole });
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: [api.name], consumerRoleNames: [worker.name, "audit"] });
    });
    const producer = attachment(stack, "ProducerPolicyAttachment");
    expect(producer.for_each).toBe(`\${toset([${roleName(stack, "orders-api")}])}`);
    expect(producer.role).toBe("${each.value}");
    expect(producer.policy_arn).toBe(ref(stack, "aws_iam_policy", "ProducerPolicy", "arn"));
    expect(attachment(stack, "ConsumerPolicyAttachment").for_each).toBe(`\${toset([${roleName(stack, "orders-worker")}, "audit"])}`);
  });

  test('literal role names: the same for_each addresses as the Registry module (aws_iam_role_policy_attachment.x["name"])', () => {
    const stack = synth((scope) => {
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["orders-api"] });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toBe('${toset(["orders-api"])}');
  });

  test("grantProduce and grantConsume attach the policies to roles after construction", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["batch"] });
      const api = new IamRole(scope, "Api", { name: "orders-api", assumeRolePolicy: assumeRole });
      claimCheck.grantProduce(api);
      claimCheck.grantConsume({ name: "orders-worker" });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toBe(`\${toset(["batch", ${roleName(stack, "orders-api")}])}`);
    expect(attachment(stack, "ConsumerPolicyAttachment").for_each).toBe('${toset(["orders-worker"])}');
  });

  test("granting the same role twice is one attachment", () => {
    const stack = synth((scope) => {
      const claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", producerRoleNames: ["orders-api"] });
      claimCheck.grantProduce({ name: "orders-api" });
    });
    expect(attachment(stack, "ProducerPolicyAttachment").for_each).toBe('${toset(["orders-api"])}');
  });
});
