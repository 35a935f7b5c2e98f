/**
 * The asynchronous cleanup contract between the client and the module: a consumer tags a payload it has
 * handled with this tag (exactly this key and value), and a lifecycle rule expires tagged payloads.
 * S3 counts expiration days from the upload and rounds to the next midnight UTC, so a tagged payload
 * goes within about a day, while a duplicate delivery can still read it meanwhile.
 */
export const CONSUMED_TAG = Object.freeze({ key: "ClaimCheckState", value: "consumed" });
export const CONSUMED_PAYLOAD_EXPIRATION_DAYS = 1;
export const CONSUMED_RULE_ID = "expire-consumed-payloads";
