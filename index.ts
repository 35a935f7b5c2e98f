// The package entry (`cdktf-claim-check`): the construct's public API. The client has its own entry,
// `cdktf-claim-check/client`, so that client users need none of the construct's peers (cdktf, constructs, the AWS provider).
export * from "./modules/claim-check";
