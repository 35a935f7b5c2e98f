/**
 * Facts about the claim check's resources that both renderers write: the construct (with known values)
 * and the Registry module's generator (with HCL interpolations such as `${var.name}` as the inputs).
 * Each lives here once; the resource-parity test proves the two renderings agree.
 */

/** The created key's description. */
export const KEY_DESCRIPTION = (name: string): string => `Encrypts claim-check payloads and claims of ${name}`;
