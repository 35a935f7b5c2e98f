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
