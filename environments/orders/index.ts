export * from "./settings";
export * from "./stack";
export * from "./register";
