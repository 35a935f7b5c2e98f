export * from "./claim-message";
export * from "./config";
export * from "./consumer";
export * from "./errors";
export * from "./payload-source";
export * from "./producer";
