import { exportJWK, generateKeyPair, JWK, SignJWT } from "jose";
import { randomUUID } from "node:crypto";

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JWK[] };
  token(sub?: string): Promise<{ token: string; expiresIn: number }>;
}

const TOKEN_LIFETIME_SECONDS = 3600;

/** A local OIDC-like issuer: an ES256 key pair, its JWKS, and tokens for any subject (local use only). */
export async function createLocalIssuer(issuer: string, audience = "orders-local"): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return {
    issuer,
    audience,
    jwks: { keys: [jwk] },
    async token(sub = "local-user") {
      const token = await new SignJWT({ scope: "orders" })
        .setProtectedHeader({ alg: "ES256", kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
        .sign(privateKey);
      return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
    },
  };
}
