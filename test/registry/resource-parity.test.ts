import { rmSync } from "node:fs";
import { ClaimCheckProps } from "../../modules/claim-check";
import { MODULE_ADDRESSES } from "../../tools/registry-module/module";
import { variableName } from "../../tools/registry-module/variables";
import { resolveStack } from "../security/support/sample-stack";
import { synthWithOutputs } from "../support/synth";
import { evaluateModule } from "./support/evaluate-module";
import { buildModule, describeWithTerraform } from "../support/terraform";

type Json = any;
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/0f0f0f0f-1111-2222-3333-444444444444";

/** Same shape on both sides: blocks as lists, JSON strings parsed, nulls and empty lists dropped. */
function normalize(value: Json): Json {
  if (typeof value === "string" && /^[[{]/.test(value)) {
    try {
      return normalize(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([key, v]) => !["//", "depends_on", "lifecycle"].includes(key) && v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([key, v]) => [key, normalize(v !== null && typeof v === "object" && !Array.isArray(v) && key !== "tags" && !isJsonDocument(v) ? [v] : v)]);
    return Object.fromEntries(entries.sort(([a], [b]) => String(a).localeCompare(String(b))));
  }
  return value;
}
const isJsonDocument = (v: Json) => "Version" in v || "Statement" in v;

/** The CDKTF synth, resolved with the sample values, keyed by the module's addresses. */
function constructResources(props: Partial<ClaimCheckProps>) {
  const stack = resolveStack(synthWithOutputs(props));
  const resources: Record<string, Json> = {};
  for (const [type, byLogicalId] of Object.entries(stack.resource)) {
    for (const [logicalId, body] of Object.entries(byLogicalId)) {
      const constructId = /^ClaimCheck_(.+)_[0-9A-F]{8}$/.exec(logicalId)![1];
      const key = (Object.keys(MODULE_ADDRESSES) as (keyof typeof MODULE_ADDRESSES)[]).find((id) => constructId === id)!;
      const address = MODULE_ADDRESSES[key];
      expect(address.startsWith(`${type}.`)).toBe(true);
      resources[address] = body.for_each === undefined ? body : expandForEach(body);
    }
  }
  const outputs = Object.fromEntries(Object.entries(stack.output ?? {}).map(([name, o]) => [name, o.value]));
  return { resources, outputs };
}

/** A `for_each` over a literal set as one body per element, the way the module's evaluation lists them. */
function expandForEach(body: Json): Json[] {
  const { for_each: forEach, ...rest } = body;
  const elements: string[] = JSON.parse(/^\$\{toset\((.*)\)\}$/.exec(forEach)![1]);
  return elements.map((element) => JSON.parse(JSON.stringify(rest).replace(/\$\{each\.value\}/g, element)));
}

const toVariables = (props: Partial<ClaimCheckProps>, extra: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(Object.entries({ name: "orders", environment: "test", ...props }).map(([k, v]) => [variableName(k), v])),
  ...extra,
});

const VARIANTS: [string, Partial<ClaimCheckProps>, Record<string, unknown>?][] = [
  ["defaults", {}],
  [
    "existing key, roles and access logging",
    { existingKmsKeyArn: KEY, producerRoleNames: ["orders-api"], consumerRoleNames: ["orders-worker", "audit"], accessLogBucketName: "acme-logs" },
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
  const moduleDir = buildModule();

  describe.each(VARIANTS)("%s", (_name, props, extra) => {
    let module: Awaited<ReturnType<typeof evaluateModule>>;
    const construct = constructResources({ environment: "test", ...props });
    beforeAll(async () => {
      module = await evaluateModule(moduleDir, toVariables(props, extra));
    }, 60_000);
    afterAll(() => rmSync(module.dir, { recursive: true, force: true }));

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
