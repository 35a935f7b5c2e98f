export * from "./claim-message";
export * from "./claim-scope";
export * from "./config";
export * from "./consumer";
export * from "./errors";
export * from "./payload-source";
export * from "./part-uploader";
export * from "./producer";
