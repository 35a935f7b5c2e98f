import { ClaimCheckProps } from "../modules/claim-check";

export type EnvironmentName = "dev" | "staging" | "prod";

/** Where an environment keeps its Terraform state. */
export type StateBackend =
  | { readonly kind: "local"; readonly path: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string; readonly region: string };

/** One environment: the stack id (`cdktf deploy <name>`), its provider region, state and module settings. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  readonly region: string;
  readonly backend: StateBackend;
  readonly claimCheck: ClaimCheckProps;
}

/** The process environment, passed in so tests can synthesize any combination deterministically. */
export type Env = Readonly<Record<string, string | undefined>>;
