import { createSign, generateKeyPairSync, JsonWebKey, randomUUID } from "node:crypto";

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JsonWebKey[] };
  token(sub?: string): Promise<{ token: string; expiresIn: number }>;
}

const TOKEN_LIFETIME_SECONDS = 3600;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A local OIDC-like issuer for local use only: an RS256 key pair made at start, its JWKS, and tokens for
 * any subject. (node:crypto signs; jose 6 is ESM-only, which jest's CommonJS runtime cannot load.)
 */
export async function createLocalIssuer(issuer: string, audience = "orders-local"): Promise<LocalIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  return {
    issuer,
    audience,
    jwks: { keys: [jwk] },
    async token(sub = "local-user") {
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64url({ alg: "RS256", typ: "JWT", kid })}.${b64url({ iss: issuer, aud: audience, sub, iat: now, exp: now + TOKEN_LIFETIME_SECONDS, scope: "orders" })}`;
      const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
      return { token: `${unsigned}.${signature}`, expiresIn: TOKEN_LIFETIME_SECONDS };
    },
  };
}
