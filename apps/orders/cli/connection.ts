import { loadConfig, OrdersApi } from "../web/src/client/api";
import { SiteConfig } from "../web/src/client/contract";
import { CliError, CliIo } from "./output";

/** The global options every command shares. */
export interface ConnectionOptions {
  readonly api?: string;
  readonly ws?: string;
  readonly token?: string;
  readonly user: string;
}

/**
 * Resolves where the API is and who the caller is: options first, then ORDERS_API_URL / ORDERS_WS_URL /
 * ORDERS_TOKEN, then (for what is still missing) the API origin's /config.json, which the local runtime
 * serves and which also says whether a local token issuer exists.
 */
export class Connection {
  private config?: Promise<SiteConfig | undefined>;
  private token?: string;
  readonly apiUrl: string;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly io: CliIo,
  ) {
    const apiUrl = options.api ?? io.env.ORDERS_API_URL;
    if (!apiUrl)
      throw new CliError("--api <url> is required (or set ORDERS_API_URL): the API URL, e.g. the one `npm run orders:local` prints");
    try {
      new URL(apiUrl);
    } catch {
      throw new CliError(`--api must be an http(s) URL, but "${apiUrl}" was given`);
    }
    this.apiUrl = apiUrl;
    this.token = options.token ?? io.env.ORDERS_TOKEN;
  }

  /** An API client that signs in on first use (local issuer) when no token was given. */
  async api(): Promise<OrdersApi> {
    if (!this.token) {
      const config = await this.siteConfig();
      if (config?.auth.mode === "local" && config.auth.tokenUrl) {
        const anonymous = new OrdersApi({ apiUrl: this.apiUrl });
        this.token = (await anonymous.localToken(config.auth.tokenUrl, this.options.user)).token;
      }
    }
    return new OrdersApi({ apiUrl: this.apiUrl, token: () => this.token });
  }

  async wsUrl(): Promise<string> {
    const wsUrl = this.options.ws ?? this.io.env.ORDERS_WS_URL ?? (await this.siteConfig())?.wsUrl;
    if (!wsUrl) throw new CliError("--ws <url> is required to watch (or set ORDERS_WS_URL): the WebSocket API URL of the stack's outputs");
    return wsUrl;
  }

  currentToken(): string | undefined {
    return this.token;
  }

  private siteConfig(): Promise<SiteConfig | undefined> {
    this.config ??= loadConfig(new URL("/config.json", this.apiUrl).toString()).catch(() => undefined);
    return this.config;
  }
}
