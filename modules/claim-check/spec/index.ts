// The pure spec of the claim check: every fact the construct and the Registry module render. Imports no cdktf.
export * from "./props";
export * from "./defaults";
export * from "./errors";
export * from "./lifetime";
export * from "./naming";
export * from "./output-contract";
export * from "./policies";
export * from "./rules";
export * from "./prop-names";
export * from "./validation";
export * from "./cleanup";
export * from "./key-choice";
export * from "./resources";
export * from "./lifecycle-rules";
