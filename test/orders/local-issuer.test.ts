import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { join } from "node:path";
import { createLocalIssuer, issuerKeyPair, localIssuerKeys, LocalIssuer } from "../../apps/orders/local/local-issuer";
import { createJwtVerifier } from "../../apps/orders/functions/shared/auth";

// The local runtime's token issuer (apps/orders/local/local-issuer.ts), checked as the local gateway and the
// WebSocket authorizer check tokens: aws-jwt-verify against the JWKS the issuer publishes (the key found by kid).
const ISSUER = "http://127.0.0.1:8080/_local";
/** A throw-away RSA key (1024 bits: quick to make; the issuer takes any RSA key). */
const rsaPem = () => generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

let server: Server;
let published: LocalIssuer;
beforeAll(async () => {
  server = createServer((_req, res) => res.end(JSON.stringify(published.jwks)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Whether a token verifies against the JWKS of the issuer now published (a fresh verifier: no cached keys). */
const verifiedBy = async (issuer: LocalIssuer, token: string) => {
  published = issuer;
  const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  return createJwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri })(token).then(
    (payload) => payload.sub,
    (error: Error) => `refused: ${error.message}`,
  );
};

test("given a private key, a token of one start verifies with what the next start publishes", async () => {
  const pem = rsaPem();
  const first = await createLocalIssuer(ISSUER, undefined, issuerKeyPair(pem));
  const next = await createLocalIssuer(ISSUER, undefined, issuerKeyPair(pem));
  expect(await verifiedBy(next, (await first.token("alice")).token)).toBe("alice");
});

test("without one, each start makes a new key: another start's tokens are refused", async () => {
  const [first, next] = [await createLocalIssuer(ISSUER), await createLocalIssuer(ISSUER)];
  expect(await verifiedBy(first, (await first.token("alice")).token)).toBe("alice");
  expect(await verifiedBy(next, (await first.token("alice")).token)).toMatch(/^refused: /);
});

test("refuses a key that cannot sign RS256, naming its type", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  expect(() => issuerKeyPair(ec)).toThrow("needs an RSA key, not ec");
});

describe("the local runtime's key", () => {
  const variable = process.env.ORDERS_LOCAL_ISSUER_KEY;
  afterEach(() => {
    if (variable === undefined) delete process.env.ORDERS_LOCAL_ISSUER_KEY;
    else process.env.ORDERS_LOCAL_ISSUER_KEY = variable;
  });
  const publicPem = (keys: ReturnType<typeof localIssuerKeys>) => keys.publicKey.export({ type: "spki", format: "pem" });

  test("is a new one at each start when neither issuerKey nor ORDERS_LOCAL_ISSUER_KEY is set (or the variable is empty)", () => {
    delete process.env.ORDERS_LOCAL_ISSUER_KEY;
    const [first, second] = [publicPem(localIssuerKeys(undefined)), publicPem(localIssuerKeys(undefined))];
    process.env.ORDERS_LOCAL_ISSUER_KEY = "";
    const third = publicPem(localIssuerKeys(undefined));
    expect(new Set([first, second, third]).size).toBe(3);
  });

  test("is ORDERS_LOCAL_ISSUER_KEY's, unless issuerKey is given", () => {
    const [fromVariable, fromOption] = [rsaPem(), rsaPem()];
    process.env.ORDERS_LOCAL_ISSUER_KEY = fromVariable;
    expect(publicPem(localIssuerKeys(undefined))).toEqual(publicPem(issuerKeyPair(fromVariable)));
    expect(publicPem(localIssuerKeys(fromOption))).toEqual(publicPem(issuerKeyPair(fromOption)));
  });

  test("names the option or the variable a bad key came from", () => {
    expect(() => localIssuerKeys("not a key")).toThrow(/^issuerKey is not a usable private key in PEM: /);
    process.env.ORDERS_LOCAL_ISSUER_KEY = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    expect(() => localIssuerKeys(undefined)).toThrow(/^ORDERS_LOCAL_ISSUER_KEY is not a usable private key in PEM: /);
  });
});

test("`npm run orders:local` with a bad ORDERS_LOCAL_ISSUER_KEY exits 1 with one line naming it", () => {
  const root = join(__dirname, "..", "..");
  const run = spawnSync(process.execPath, [join(root, "scripts/ts-run.cjs"), join(root, "apps/orders/local/run.ts")], {
    encoding: "utf8",
    env: { ...process.env, ORDERS_LOCAL_ISSUER_KEY: "not a key", DEBUG: "" },
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trim().split("\n")).toEqual([
    expect.stringMatching(/^orders:local failed: ORDERS_LOCAL_ISSUER_KEY is not a usable private key in PEM: /),
  ]);
});
