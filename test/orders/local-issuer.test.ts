import { createPublicKey, generateKeyPairSync, JsonWebKey, verify } from "node:crypto";
import { startOrdersLocal } from "../../apps/orders/local";
import { createLocalIssuer, issuerKeyPair } from "../../apps/orders/local/local-issuer";

// The local runtime's token issuer (apps/orders/local/local-issuer.ts).
const rsaPem = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const verifies = (token: string, jwk: JsonWebKey) => {
  const [header, claims, signature] = token.split(".");
  return verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${claims}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(signature, "base64url"),
  );
};
const publicPart = ({ kty, n, e }: JsonWebKey) => ({ kty, n, e });

test("given a private key, signs with it: a token of one start verifies with the key published by the next", async () => {
  const pem = rsaPem();
  const first = await createLocalIssuer("http://127.0.0.1:1/_local", undefined, issuerKeyPair(pem));
  const next = await createLocalIssuer("http://127.0.0.1:1/_local", undefined, issuerKeyPair(pem));
  expect(publicPart(next.jwks.keys[0])).toEqual(publicPart(first.jwks.keys[0]));
  expect(verifies((await first.token("alice")).token, next.jwks.keys[0])).toBe(true);
});

test("without one, makes a new key at each start: another start's tokens do not verify", async () => {
  const [a, b] = await Promise.all([createLocalIssuer("http://127.0.0.1:1/_local"), createLocalIssuer("http://127.0.0.1:1/_local")]);
  expect(publicPart(a.jwks.keys[0])).not.toEqual(publicPart(b.jwks.keys[0]));
  expect(verifies((await a.token()).token, b.jwks.keys[0])).toBe(false);
});

test("refuses a key that cannot sign RS256, naming its type", async () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  expect(() => issuerKeyPair(ec)).toThrow("needs an RSA key, not ec");
});

test("the local runtime names the option or the variable a bad key came from", async () => {
  await expect(startOrdersLocal({ issuerKey: "not a key" })).rejects.toThrow(/^issuerKey is not a usable private key in PEM: /);
  const kept = process.env.ORDERS_LOCAL_ISSUER_KEY;
  process.env.ORDERS_LOCAL_ISSUER_KEY = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
  try {
    await expect(startOrdersLocal()).rejects.toThrow(/^ORDERS_LOCAL_ISSUER_KEY is not a usable private key in PEM: /);
  } finally {
    process.env.ORDERS_LOCAL_ISSUER_KEY = kept;
  }
});
