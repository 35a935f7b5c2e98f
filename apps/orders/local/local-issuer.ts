import { createHash, createPrivateKey, createPublicKey, createSign, generateKeyPairSync, JsonWebKey, KeyObject } from "node:crypto";

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JsonWebKey[] };
  token(sub?: string): Promise<{ token: string; expiresIn: number }>;
}

const TOKEN_LIFETIME_SECONDS = 3600;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export interface IssuerKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** The issuer's RS256 key pair: the given RSA private key (PEM), else a new 2048-bit one (about 0.1 CPU-s). */
export function issuerKeyPair(privateKeyPem?: string): IssuerKeyPair {
  if (privateKeyPem === undefined) return generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa")
    throw new Error(`the local issuer signs RS256 and needs an RSA key, not ${privateKey.asymmetricKeyType}`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The local runtime's keys: from its issuerKey option, else ORDERS_LOCAL_ISSUER_KEY, else new ones. A bad key
 * is named by where it came from.
 */
export function localIssuerKeys(issuerKey: string | undefined): IssuerKeyPair {
  const [source, pem] =
    issuerKey !== undefined ? ["issuerKey", issuerKey] : ["ORDERS_LOCAL_ISSUER_KEY", process.env.ORDERS_LOCAL_ISSUER_KEY || undefined];
  try {
    return issuerKeyPair(pem);
  } catch (error) {
    throw new Error(`${source} is not a usable private key in PEM: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A local OIDC-like issuer for local use only: an RS256 key pair (made at start unless a private key is
 * given), its JWKS, and tokens for any subject. RS256 because API Gateway's JWT authorizers take RSA keys.
 * (node:crypto signs; jose 6 is ESM-only, which jest's CommonJS runtime cannot load.)
 */
export async function createLocalIssuer(
  issuer: string,
  audience = "orders-local",
  { privateKey, publicKey }: IssuerKeyPair = issuerKeyPair(),
): Promise<LocalIssuer> {
  const { kty, n, e } = publicKey.export({ format: "jwk" });
  // The key's own thumbprint (RFC 7638) as its id: the same key keeps the same kid, so its tokens outlive a restart.
  const kid = createHash("sha256").update(JSON.stringify({ e, kty, n })).digest("base64url");
  const jwk = { kty, n, e, kid, alg: "RS256", use: "sig" };
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
