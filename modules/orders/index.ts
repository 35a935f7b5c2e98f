export * from "./orders-app";
export * from "./props";
export * from "./node-function";
export * from "./spec/alarms";
export * from "./spec/function-roles";
export * from "./spec/policies";
export * from "./spec/table-schema";
export * from "./spec/workflow-definition";
