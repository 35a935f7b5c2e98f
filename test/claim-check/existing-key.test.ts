import { ClaimCheck, PolicyStatement } from "../../modules/claim-check";
import { Testing } from "cdktf";
import { block, dataRef, parsePolicy, ref, resourceById, resourcesOf, synthClaimCheck, synthWithOutputs } from "../support/synth";

const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("GIVEN an existing key ARN", () => {
  const stack = synthClaimCheck({ existingKmsKeyArn: KEY_ARN, producerRoleNames: ["orders-api"] });

  test("THEN no key, alias or key policy is created: the key is never modified", () => {
    expect(stack.resource.aws_kms_key).toBeUndefined();
    expect(stack.resource.aws_kms_alias).toBeUndefined();
    expect(stack.resource.aws_kms_key_policy).toBeUndefined();
    expect(stack.resource.aws_kms_grant).toBeUndefined();
  });

  test("THEN the bucket, both queues and the policies use that exact ARN", () => {
    const encryption = resourceById(stack, "aws_s3_bucket_server_side_encryption_configuration", "PayloadBucketEncryption");
    expect(block(block(encryption.rule).apply_server_side_encryption_by_default).kms_master_key_id).toBe(KEY_ARN);
    for (const queue of resourcesOf(stack, "aws_sqs_queue")) expect(queue.kms_master_key_id).toBe(KEY_ARN);
    const bucketPolicy = parsePolicy(resourceById(stack, "aws_s3_bucket_policy", "PayloadBucketPolicy").policy);
    expect(bucketPolicy.Statement.find((s) => s.Sid === "DenyUploadsWithOtherKmsKey")?.Condition).toEqual({
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
      Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
    });
    for (const id of ["ProducerPolicy", "ConsumerPolicy"]) {
      const kmsStatements = parsePolicy(resourceById(stack, "aws_iam_policy", id).policy).Statement.filter((s) =>
        String(s.Sid).includes("Key"),
      );
      expect(kmsStatements.map((s) => s.Resource)).toEqual([KEY_ARN, KEY_ARN]);
    }
  });

  test("THEN the key-policy statements its owner must add name the producer role, the account for consumers, and S3/SQS conditions", () => {
    const withOutputs = synthWithOutputs({ existingKmsKeyArn: KEY_ARN, producerRoleNames: ["orders-api"] });
    const statements = JSON.parse(withOutputs.output!.required_kms_key_policy_statements.value as string);
    const partition = dataRef(withOutputs, "aws_partition", "Partition", "partition");
    const account = dataRef(withOutputs, "aws_caller_identity", "Account", "account_id");
    const region = dataRef(withOutputs, "aws_region", "Region", "region");
    const bucketArn = ref(withOutputs, "aws_s3_bucket", "PayloadBucket", "arn");
    const producerRole = { AWS: [`arn:${partition}:iam::${account}:role/orders-api`] };
    const accountRoot = { AWS: [`arn:${partition}:iam::${account}:root`] };
    expect(statements.map((s: PolicyStatement) => [s.Sid, s.Principal, s.Action])).toEqual([
      ["ClaimCheckProducersViaS3", producerRole, ["kms:GenerateDataKey", "kms:Decrypt"]],
      ["ClaimCheckProducersViaSqs", producerRole, ["kms:GenerateDataKey", "kms:Decrypt"]],
      ["ClaimCheckConsumersViaS3", accountRoot, ["kms:Decrypt"]],
      ["ClaimCheckConsumersViaSqs", accountRoot, ["kms:Decrypt"]],
    ]);
    expect(statements[0].Condition).toEqual({
      StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/payloads/*`] },
    });
    expect(statements[1].Condition).toEqual({ StringEquals: { "kms:ViaService": `sqs.${region}.amazonaws.com` } });
  });

  test("THEN the construct exposes the ARN and no key or alias object", () => {
    let claimCheck!: ClaimCheck;
    Testing.synthScope((scope) => {
      claimCheck = new ClaimCheck(scope, "ClaimCheck", { name: "orders", existingKmsKeyArn: KEY_ARN });
    });
    expect(claimCheck.key).toBeUndefined();
    expect(claimCheck.keyAlias).toBeUndefined();
    expect(claimCheck.keyArn).toBe(KEY_ARN);
  });
});

describe("GIVEN no key ARN", () => {
  test("THEN one key and one alias are created, and nothing is required of a key owner", () => {
    let claimCheck!: ClaimCheck;
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        claimCheck = new ClaimCheck(scope, "ClaimCheck", {
          name: "orders",
          keyAlias: "alias/team/orders",
          keyDeletionWindowInDays: 7,
          keyAdministratorArns: ["arn:aws:iam::111122223333:role/KeyAdmin"],
        });
      }),
    );
    expect(resourcesOf(stack, "aws_kms_key")).toHaveLength(1);
    expect(resourceById(stack, "aws_kms_alias", "KeyAlias").name).toBe("alias/team/orders");
    const key = resourceById(stack, "aws_kms_key", "Key");
    expect(key.deletion_window_in_days).toBe(7);
    expect(parsePolicy(key.policy).Statement.map((s) => s.Sid)).toEqual(["EnableIamPoliciesOfTheAccount", "AllowKeyAdministration"]);
    expect(claimCheck.requiredKeyPolicyStatements).toEqual([]);
  });
});
