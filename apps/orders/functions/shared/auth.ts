import { createRemoteJWKSet, JWTPayload, jwtVerify } from "jose";

export interface JwtSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
}

/**
 * Verifies a bearer JWT (signature by the issuer's JWKS, issuer, audience, expiry). The WebSocket
 * authorizer uses it on AWS (HTTP routes use API Gateway's JWT authorizer with the same issuer and
 * audience), and the local gateway uses it for both, against the local issuer's JWKS.
 */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<JWTPayload & { sub: string }> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUri));
  return async (token: string) => {
    const { payload } = await jwtVerify(token, jwks, { issuer: settings.issuer, audience: settings.audience });
    if (typeof payload.sub !== "string" || payload.sub.length === 0) throw new Error("the token has no subject");
    return payload as JWTPayload & { sub: string };
  };
}
