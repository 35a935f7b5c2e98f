import { ClaimCheckProps } from "../../modules/claim-check";
import { variableName } from "../../tools/registry-module/variables";
import { synthWithOutputs } from "../support/synth";
import { normalize, resourcesByModuleAddress } from "./support/parity";
import { evaluateModules, ModuleEvaluation } from "./support/evaluate-module";
import { buildModule, describeWithTerraform } from "../support/terraform";
import type { TerraformJson as Json } from "../support/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/0f0f0f0f-1111-2222-3333-444444444444";

const constructResources = (props: Partial<ClaimCheckProps>) => resourcesByModuleAddress(synthWithOutputs(props));

const toVariables = (props: Partial<ClaimCheckProps>, extra: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(Object.entries({ name: "orders", environment: "test", ...props }).map(([k, v]) => [variableName(k), v])),
  ...extra,
});

const VARIANTS: [string, Partial<ClaimCheckProps>, Record<string, unknown>?][] = [
  ["defaults", {}],
  [
    "existing key, roles and access logging",
    {
      existingKmsKeyArn: KEY,
      producerRoleNames: ["orders-api"],
      consumerRoleNames: ["orders-worker", "service-role/audit"], // a role with a path (review 8, item 11)
      accessLogBucketName: "acme-logs",
    },
  ],
  ["existing key declared with create_kms_key = false", { existingKmsKeyArn: KEY }, { create_kms_key: false }],
  ["FIFO, unversioned, delete-on-consume", { fifo: true, contentBasedDeduplication: true, versioning: false, deleteOnConsume: true }],
  [
    "every naming and lifetime option",
    {
      bucketName: "acme-orders-payloads",
      payloadPrefix: "tenant-a/in/",
      payloadExpirationDays: 40,
      keyAlias: "alias/team/orders",
      keyDeletionWindowInDays: 7,
      keyAdministratorArns: ["arn:aws:iam::111122223333:role/KeyAdmin"],
      tags: { Team: "payments" },
      accessLogBucketName: "acme-logs",
      accessLogPrefix: "s3/orders/",
      maxMessageSize: 262_144,
      delaySeconds: 10,
      maxReceiveCount: 3,
    },
  ],
];

describeWithTerraform("the Registry module and the construct produce the same resources for the same inputs", () => {
  // Every variant is evaluated in one terraform run (see evaluateModules).
  let evaluations: ModuleEvaluation[];
  beforeAll(async () => {
    const moduleDir = buildModule();
    evaluations = await evaluateModules(VARIANTS.map(([, props, extra]) => ({ moduleDir, variables: toVariables(props, extra) })));
  }, 60_000);

  describe.each(VARIANTS.map(([name, props], i) => [name, props, i] as const))("%s", (_name, props, i) => {
    let module: ModuleEvaluation;
    const construct = constructResources({ environment: "test", ...props });
    beforeAll(() => {
      module = evaluations[i];
    });

    test("the same resource addresses exist", () => {
      expect(Object.keys(module.resources).sort()).toEqual(Object.keys(construct.resources).sort());
    });

    test("every resource has the same attributes and values", () => {
      for (const address of Object.keys(construct.resources)) {
        const sortRoles = (v: Json) => (Array.isArray(v) ? [...v].sort((a, b) => a.role.localeCompare(b.role)) : v);
        expect({ address, body: normalize(sortRoles(module.resources[address])) }).toEqual({
          address,
          body: normalize(sortRoles(construct.resources[address])),
        });
      }
    });

    test("every output has the same value", () => {
      expect(normalize(module.outputs)).toEqual(normalize(construct.outputs));
    });
  });
});
