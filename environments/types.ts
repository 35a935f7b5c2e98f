import { ClaimCheckProps } from "../modules/claim-check";

export type EnvironmentName = "dev" | "staging" | "prod";

/** Where an environment keeps its Terraform state. A local path is absolute, at the project root. */
export type StateBackend =
  | { readonly kind: "local"; readonly path: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string; readonly region: string };

/** One environment: the stack id (`cdktf deploy <name>`), its provider region, state and module settings. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  readonly region: string;
  readonly backend: StateBackend;
  /** Whether a state file on one machine is a risk (shared environments): synth then warns about local state. */
  readonly sharedState: boolean;
  /**
   * The environment variable each setting was read from, by field: a `claimCheck` prop name, or
   * "region" / "backend". Lets synth name the variable to fix, not only the prop.
   */
  readonly sources: Readonly<Record<string, string>>;
  readonly claimCheck: ClaimCheckProps;
}

/** The process environment, passed in so tests can synthesize any combination deterministically. */
export type Env = Readonly<Record<string, string | undefined>>;
