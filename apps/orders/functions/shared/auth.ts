import { JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";

export interface JwtSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
}

/** Fetches the JWKS with the runtime's fetch: HTTPS on AWS, and also the local issuer's plain-HTTP loopback URL. */
const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/**
 * Verifies a bearer JWT with aws-jwt-verify (signature by the issuer's JWKS, issuer, audience, expiry).
 * The WebSocket authorizer uses it on AWS (HTTP routes use API Gateway's JWT authorizer with the same
 * issuer and audience), and the local gateway uses it for both, against the local issuer's JWKS.
 */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<JwtPayload & { sub: string }> {
  const verifier = JwtVerifier.create(
    { issuer: settings.issuer, audience: settings.audience, jwksUri: settings.jwksUri },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
  return async (token: string) => {
    const payload = await verifier.verify(token);
    if (typeof payload.sub !== "string" || payload.sub.length === 0) throw new Error("the token has no subject");
    return payload as JwtPayload & { sub: string };
  };
}
