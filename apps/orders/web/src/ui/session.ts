/// <reference lib="dom" />

const STORAGE_KEY = "orders.token";

/** The claims the page shows; the API verifies the token, the page only reads it. */
export interface TokenInfo {
  readonly token: string;
  readonly subject: string;
  readonly expiresAt?: number;
}

/** Reads a JWT's payload without verifying it (display only). Undefined when it is not a JWT. */
export function readToken(token: string): TokenInfo | undefined {
  const parts = token.trim().split(".");
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(
      parts[1]
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(parts[1].length / 4) * 4, "="),
    );
    const claims = JSON.parse(json) as { sub?: string; username?: string; email?: string; exp?: number };
    return {
      token: token.trim(),
      subject: claims.email ?? claims.username ?? claims.sub ?? "unknown",
      expiresAt: claims.exp ? claims.exp * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}

const expired = (info: TokenInfo) => info.expiresAt !== undefined && info.expiresAt <= Date.now() + 5_000;

/** The signed-in token kept for this tab (sessionStorage: gone when the tab closes). */
export class Session {
  private info?: TokenInfo;

  constructor() {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    const info = stored ? readToken(stored) : undefined;
    if (info && !expired(info)) this.info = info;
    this.takeTokenFromRedirect();
  }

  get current(): TokenInfo | undefined {
    if (this.info && expired(this.info)) this.signOut();
    return this.info;
  }

  token = (): string | undefined => this.current?.token;

  /** Signs in with a token; returns an error sentence when it is not a usable JWT. */
  signIn(token: string): string | undefined {
    const info = readToken(token);
    if (!info) return "That is not a JWT: a token has three dot-separated parts (header.payload.signature).";
    if (expired(info)) return `That token expired at ${new Date(info.expiresAt!).toLocaleString()}.`;
    this.info = info;
    sessionStorage.setItem(STORAGE_KEY, info.token);
    return undefined;
  }

  signOut(): void {
    this.info = undefined;
    sessionStorage.removeItem(STORAGE_KEY);
  }

  /** An identity provider's implicit flow returns to this page with #access_token=… (or id_token). */
  private takeTokenFromRedirect(): void {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get("access_token") ?? fragment.get("id_token");
    if (!token) return;
    history.replaceState(null, "", location.pathname + location.search);
    this.signIn(token);
  }
}
