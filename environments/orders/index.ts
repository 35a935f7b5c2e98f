export * from "./settings";
export * from "./stack";
