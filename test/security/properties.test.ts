import fc from "fast-check";
import { ClaimCheckProps, ClaimCheckValidationError, minimumPayloadExpirationDays } from "../../modules/claim-check";
import { SynthesizedStack, synthWithOutputs } from "../support/synth";
import { kmsViaS3, kmsViaSqs, overPlainHttp, overTls, sseKms } from "./support/contexts";
import { ALL_CONTROLS, EnvironmentExpectation } from "./support/controls";
import { policiesOf, resolveStack, SAMPLE, StackPolicies } from "./support/sample-stack";
import { simulate, SimulationRequest } from "./support/simulator";

const RUNS = 150;
const u = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const DAY = 86_400;

/** Valid props: each field in range, and the combinations made consistent. */
const validProps: fc.Arbitrary<ClaimCheckProps> = fc
  .record(
    {
      name: fc.stringMatching(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/),
      environment: u(fc.constantFrom("dev", "staging", "prod", "qa-2")),
      tags: u(
        fc.dictionary(fc.constantFrom("Team", "CostCenter", "Owner"), fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,10}$/), { maxKeys: 2 }),
      ),
      bucketName: u(fc.stringMatching(/^[a-z0-9][a-z0-9-]{5,40}[a-z0-9]$/)),
      payloadPrefix: u(fc.constantFrom("payloads/", "tenant-a/in/", "x/")),
      versioning: u(fc.boolean()),
      noncurrentVersionExpirationDays: u(fc.integer({ min: 1, max: 90 })),
      payloadExpirationDays: u(fc.integer({ min: 1, max: 60 })),
      abortIncompleteMultipartUploadDays: u(fc.integer({ min: 1, max: 10 })),
      forceDestroy: u(fc.boolean()),
      fifo: u(fc.boolean()),
      contentBasedDeduplication: u(fc.boolean()),
      maxMessageSize: u(fc.integer({ min: 1024, max: 1_048_576 })),
      visibilityTimeoutSeconds: u(fc.integer({ min: 0, max: 43_200 })),
      messageRetentionSeconds: u(fc.integer({ min: 60, max: 8 * DAY })),
      dlqExtraRetentionSeconds: fc.integer({ min: 1, max: 6 * DAY }),
      delaySeconds: u(fc.integer({ min: 0, max: 900 })),
      receiveWaitTimeSeconds: u(fc.integer({ min: 0, max: 20 })),
      maxReceiveCount: u(fc.integer({ min: 1, max: 1000 })),
      kmsDataKeyReusePeriodSeconds: u(fc.integer({ min: 60, max: 86_400 })),
      existingKmsKeyArn: u(fc.constant(`arn:aws:kms:${SAMPLE.region}:${SAMPLE.accountId}:key/0f0f0f0f-1111-2222-3333-444444444444`)),
      keyDeletionWindowInDays: u(fc.integer({ min: 7, max: 30 })),
      keyAdministratorArns: u(fc.array(fc.constant(`arn:aws:iam::${SAMPLE.accountId}:role/KeyAdmin`), { maxLength: 1 })),
      producerRoleNames: u(fc.uniqueArray(fc.constantFrom("orders-api", "svc.b"), { maxLength: 2 })),
      consumerRoleNames: u(fc.uniqueArray(fc.constantFrom("orders-worker", "audit"), { maxLength: 2 })),
      deleteOnConsume: u(fc.boolean()),
      preventDestroy: u(fc.boolean()),
    },
    { requiredKeys: ["name", "dlqExtraRetentionSeconds"] },
  )
  .map(({ dlqExtraRetentionSeconds, ...props }) => {
    const main = props.messageRetentionSeconds ?? 4 * DAY;
    const minimumDays = minimumPayloadExpirationDays({
      messageRetentionSeconds: main,
      dlqMessageRetentionSeconds: Math.min(main + dlqExtraRetentionSeconds, 1_209_600),
      delaySeconds: props.delaySeconds ?? 0,
      fifo: props.fifo ?? false,
    });
    return {
      ...props,
      dlqMessageRetentionSeconds: Math.min(main + dlqExtraRetentionSeconds, 1_209_600),
      payloadExpirationDays: props.payloadExpirationDays === undefined ? undefined : Math.max(props.payloadExpirationDays, minimumDays),
      contentBasedDeduplication: props.fifo ? props.contentBasedDeduplication : undefined,
      forceDestroy: props.preventDestroy ? undefined : props.forceDestroy,
      // Set with versioning off, it would be ignored by S3, so validation rejects it.
      noncurrentVersionExpirationDays: props.versioning === false ? undefined : props.noncurrentVersionExpirationDays,
      ...(props.existingKmsKeyArn ? { keyDeletionWindowInDays: undefined, keyAdministratorArns: undefined } : {}),
    };
  });

/** One bad value per field, each of a kind validation must catch. */
const BAD_VALUES: Partial<Record<keyof ClaimCheckProps, unknown[]>> = {
  name: ["", "Orders", "a", "x".repeat(30), "ends-"],
  bucketName: ["bad.name", "UPPER", "ab", "xn--bucket"],
  payloadPrefix: ["nope", "/abs/", "a*/", ""],
  maxMessageSize: [0, 1023, 1_048_577, 2.5],
  visibilityTimeoutSeconds: [-1, 43_201],
  messageRetentionSeconds: [59, 1_209_601],
  delaySeconds: [901, -5],
  receiveWaitTimeSeconds: [21],
  maxReceiveCount: [0, 1001, 2.5],
  kmsDataKeyReusePeriodSeconds: [59, 86_401],
  keyDeletionWindowInDays: [6, 31],
  existingKmsKeyArn: ["alias/aws/sqs", "arn:aws:kms:eu-west-1:111122223333:alias/x", "key"],
  keyAdministratorArns: [["admin"]],
  producerRoleNames: [["bad role"], ["a", "a"]],
  abortIncompleteMultipartUploadDays: [0],
  noncurrentVersionExpirationDays: [0],
};
const badField = fc
  .constantFrom(...(Object.keys(BAD_VALUES) as (keyof ClaimCheckProps)[]))
  .chain((field) => fc.constantFrom(...BAD_VALUES[field]!).map((value) => [field, value] as const));

/** Three in four cases valid; the rest a valid case with one or two fields made bad. */
const propsArbitrary: fc.Arbitrary<{ props: ClaimCheckProps; corrupted: string[] }> = fc.oneof(
  { weight: 3, arbitrary: validProps.map((props) => ({ props, corrupted: [] })) },
  {
    weight: 1,
    arbitrary: fc.tuple(validProps, fc.uniqueArray(badField, { minLength: 1, maxLength: 2, selector: ([f]) => f })).map(([props, bad]) => ({
      props: { ...props, ...Object.fromEntries(bad) } as ClaimCheckProps,
      corrupted: bad.map(([field]) => field),
    })),
  },
);

const FIELDS =
  /^(name|environment|tags( keys| values)?|bucketName|payloadPrefix|\w+Days|\w+Seconds|maxMessageSize|maxReceiveCount|existingKmsKeyArn|keyAlias|keyAdministratorArns( items)?|(producer|consumer)RoleNames( items)?|contentBasedDeduplication|forceDestroy|accessLog\w+) /;

const expectationOf = (props: ClaimCheckProps): EnvironmentExpectation => ({
  versioning: props.versioning ?? true,
  preventDestroy: props.preventDestroy ?? false,
  forceDestroyAllowed: props.forceDestroy ?? false,
  deletionWindowInDays: props.existingKmsKeyArn ? undefined : (props.keyDeletionWindowInDays ?? 30),
  accessLogging: props.accessLogBucketName !== undefined,
});

/** The lifetime invariant, recomputed independently from the synthesized queues and lifecycle rule. */
function lifetimeHolds(stack: SynthesizedStack): boolean {
  const queues = Object.values(stack.resource.aws_sqs_queue);
  const main = queues.find((q) => q.redrive_policy)!;
  const dlq = queues.find((q) => !q.redrive_policy)!;
  const longest = main.fifo_queue
    ? main.message_retention_seconds + dlq.message_retention_seconds
    : Math.max(main.message_retention_seconds, dlq.message_retention_seconds);
  const rule = Object.values(stack.resource.aws_s3_bucket_lifecycle_configuration)[0].rule.find(
    (r: { id: string }) => r.id === "expire-payloads",
  );
  return rule.expiration[0].days * DAY >= (main.delay_seconds ?? 0) + longest + main.message_retention_seconds + DAY;
}

/** The core promises, simulated: TLS only, the module's key only, and each side kept to its role. */
async function coreSimulationsHold(p: StackPolicies, props: ClaimCheckProps): Promise<string[]> {
  const producer = `arn:aws:iam::${SAMPLE.accountId}:role/${props.producerRoleNames?.[0] ?? "orders-api"}`;
  const consumer = `arn:aws:iam::${SAMPLE.accountId}:role/${props.consumerRoleNames?.[0] ?? "orders-worker"}`;
  const object = `${p.bucketArn}/${p.payloadPrefix}2026-11-21/x.json`;
  const cases: [string, SimulationRequest, "Allowed" | "Denied"][] = [
    [
      "put",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "s3:PutObject",
        resource: object,
        resourcePolicy: p.bucketPolicy,
        context: { ...overTls, ...sseKms(p.keyArn) },
      },
      "Allowed",
    ],
    [
      "put over http",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "s3:PutObject",
        resource: object,
        resourcePolicy: p.bucketPolicy,
        context: { ...overPlainHttp, ...sseKms(p.keyArn) },
      },
      "Denied",
    ],
    [
      "put sse-s3",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "s3:PutObject",
        resource: object,
        resourcePolicy: p.bucketPolicy,
        context: { ...overTls, "s3:x-amz-server-side-encryption": "AES256" },
      },
      "Denied",
    ],
    [
      "send",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "sqs:SendMessage",
        resource: p.queueArn,
        resourcePolicy: p.queuePolicy,
        context: overTls,
      },
      "Allowed",
    ],
    [
      "send over http",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "sqs:SendMessage",
        resource: p.queueArn,
        resourcePolicy: p.queuePolicy,
        context: overPlainHttp,
      },
      "Denied",
    ],
    [
      "producer get",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "s3:GetObject",
        resource: object,
        resourcePolicy: p.bucketPolicy,
        context: overTls,
      },
      "Denied",
    ],
    [
      "get",
      {
        principal: consumer,
        identityPolicies: [p.consumer],
        action: "s3:GetObject",
        resource: object,
        resourcePolicy: p.bucketPolicy,
        context: overTls,
      },
      "Allowed",
    ],
    [
      "receive",
      {
        principal: consumer,
        identityPolicies: [p.consumer],
        action: "sqs:ReceiveMessage",
        resource: p.queueArn,
        resourcePolicy: p.queuePolicy,
        context: overTls,
      },
      "Allowed",
    ],
    [
      "consumer send",
      {
        principal: consumer,
        identityPolicies: [p.consumer],
        action: "sqs:SendMessage",
        resource: p.queueArn,
        resourcePolicy: p.queuePolicy,
        context: overTls,
      },
      "Denied",
    ],
    [
      "encrypt via s3",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "kms:GenerateDataKey",
        resource: p.keyArn,
        resourcePolicy: p.keyPolicy,
        context: kmsViaS3(p.bucketArn),
      },
      "Allowed",
    ],
    [
      "decrypt via sqs",
      {
        principal: consumer,
        identityPolicies: [p.consumer],
        action: "kms:Decrypt",
        resource: p.keyArn,
        resourcePolicy: p.keyPolicy,
        context: kmsViaSqs,
      },
      "Allowed",
    ],
    [
      "direct kms",
      {
        principal: producer,
        identityPolicies: [p.producer],
        action: "kms:Decrypt",
        resource: p.keyArn,
        resourcePolicy: p.keyPolicy,
        context: {},
      },
      "Denied",
    ],
  ];
  const failures: string[] = [];
  for (const [name, request, expected] of cases) {
    const result = await simulate(request);
    if (expected === "Allowed" ? result !== "Allowed" : !result.endsWith("Denied")) failures.push(`${name}: ${result}`);
  }
  return failures;
}

test(`${RUNS} generated prop sets either synthesize a stack that passes every control and simulation, or are rejected naming the field`, async () => {
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(propsArbitrary, async ({ props, corrupted }) => {
      let stack: SynthesizedStack;
      try {
        stack = synthWithOutputs(props);
      } catch (error) {
        if (!(error instanceof ClaimCheckValidationError)) throw error;
        rejected += 1;
        // A valid case must synthesize: nothing valid may be rejected.
        expect({ corrupted, problems: corrupted.length === 0 ? error.problems : [] }).toEqual({ corrupted, problems: [] });
        // Every corrupted field is named (a corrupted existing key may also flag the key settings).
        for (const field of corrupted) expect(error.problems.some((problem) => problem.startsWith(field))).toBe(true);
        for (const problem of error.problems) {
          expect(problem).toMatch(FIELDS);
          expect(problem).toMatch(/, but .* was given$/s);
        }
        return;
      }
      expect(corrupted).toEqual([]);
      accepted += 1;
      const expectation = expectationOf(props);
      const failedControls = ALL_CONTROLS.flatMap((c) => c.check(stack, expectation).map((f) => `${c.ids}: ${f}`));
      expect(failedControls).toEqual([]);
      expect(lifetimeHolds(stack)).toBe(true);
      expect(await coreSimulationsHold(policiesOf(resolveStack(stack)), props)).toEqual([]);
    }),
    { numRuns: RUNS, seed: 20261121 },
  );
  console.info(`property test: ${RUNS} cases, ${accepted} synthesized and passed every check, ${rejected} rejected by validation`);
  expect(accepted).toBeGreaterThan(RUNS / 10);
  expect(rejected).toBeGreaterThan(RUNS / 10);
  expect(accepted + rejected).toBe(RUNS);
}, 120_000);
