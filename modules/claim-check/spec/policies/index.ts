export * from "./policy-document";
export * from "./bucket-policy";
export * from "./queue-policy";
export * from "./key-use";
export * from "./key-policy";
export * from "./identity-policies";
