export * from "./claim-message";
export * from "./claim-scope";
export * from "./config";
export * from "./consumer";
export * from "./errors";
export * from "./payload-source";
// The part uploader's own validation helper stays internal.
export { type PartUploadRequest, uploadInParts } from "./part-uploader";
export * from "./producer";
