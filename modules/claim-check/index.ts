export * from "./claim-check";
export * from "./props";
export * from "./defaults";
export * from "./errors";
export * from "./lifetime";
export * from "./naming";
export * from "./outputs";
export * from "./policies";
export { findProblems, validateProps } from "./validation";
