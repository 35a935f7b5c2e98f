/** IAM policy JSON as plain data, so tests and scanners can read the finished document. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export type Principal = "*" | { readonly AWS: string | string[] } | { readonly Service: string | string[] };

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  /** Always explicit: without it SQS queue policy applies can hang (provider docs). */
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export const policyDocument = (statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

/** The JSON string written into the resource; references inside stay Terraform interpolations. */
export const renderPolicy = (document: PolicyDocument): string => JSON.stringify(document);

/** The ARN pattern of every object under the payload prefix. */
export const payloadObjectsArn = (bucketArn: string, payloadPrefix: string): string => `${bucketArn}/${payloadPrefix}*`;

export const viaService = (service: "s3" | "sqs", region: string): string => `${service}.${region}.amazonaws.com`;

/**
 * An option a policy depends on: known (`true`/`false`) in the construct, or a boolean expression of the
 * renderer's language (`var.versioning` in the Registry module), so one builder serves both renderers.
 */
export type Toggle = boolean | { readonly expression: string };

/** Statements that exist only when a toggle holds. */
export interface ConditionalStatements {
  readonly when: { readonly expression: string };
  readonly statements: readonly PolicyStatement[];
}

export type StatementEntry = PolicyStatement | ConditionalStatements;

/** A policy whose statements may hang on toggles that only the renderer can decide. */
export interface PolicyTemplate {
  readonly Version: "2012-10-17";
  readonly Statement: readonly StatementEntry[];
}

export const isConditional = (entry: StatementEntry): entry is ConditionalStatements => "when" in entry;

/** The statements when the toggle holds: kept, dropped, or deferred to the renderer. */
export const when = (toggle: Toggle, ...statements: PolicyStatement[]): StatementEntry[] =>
  typeof toggle === "boolean" ? (toggle ? statements : []) : [{ when: toggle, statements }];

/** A template whose toggles were all known, as a plain document; throws if one was an expression. */
export function resolveTemplate(template: PolicyTemplate): PolicyDocument {
  return policyDocument(
    template.Statement.map((entry) => {
      if (isConditional(entry)) throw new Error(`policy statement depends on ${entry.when.expression}: render it with the HCL renderer`);
      return entry;
    }),
  );
}
