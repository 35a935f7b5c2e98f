import { LiveMessage } from "./contract";
import { isTerminal } from "./statuses";

/** The part of the WebSocket API used here; the browser's WebSocket and the `ws` package both have it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Which order to follow: by the SQS message id the API returned, or by order id. */
export type LiveTarget = { readonly messageId: string } | { readonly orderId: string };

export type LiveState =
  | { readonly state: "idle" }
  | { readonly state: "connecting"; readonly attempt: number }
  | { readonly state: "connected" }
  | { readonly state: "reconnecting"; readonly attempt: number; readonly delayMs: number; readonly code: number };

export interface LiveStatusOptions {
  /** The WebSocket API URL, e.g. "wss://abc.execute-api.eu-west-1.amazonaws.com/live". */
  readonly wsUrl: string;
  /** Returns the current token; sent as the `token` query parameter (browsers cannot set headers on a WebSocket). */
  readonly token: () => string | undefined;
  /** Opens a socket: `(url) => new WebSocket(url)` in a browser, `(url) => new WebSocket(url)` from `ws` in Node. */
  readonly connect: (url: string) => SocketLike;
  /** Called with every message the server sends. */
  readonly onMessage: (message: LiveMessage) => void;
  /** Called whenever the connection state changes. @default ignore */
  readonly onState?: (state: LiveState) => void;
  /** First reconnect delay. @default 500 */
  readonly initialDelayMs?: number;
  /** Longest reconnect delay. @default 15000 */
  readonly maxDelayMs?: number;
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
}

const OPEN = 1;

/**
 * Follows orders over the WebSocket API. Reconnects on its own with capped exponential backoff and
 * jitter, and re-subscribes every order that has not reached a terminal status, so nothing is missed:
 * the server answers each subscribe with the current status.
 */
export class LiveStatus {
  private socket?: SocketLike;
  private readonly targets = new Map<string, LiveTarget>();
  private attempt = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;

  constructor(private readonly options: LiveStatusOptions) {}

  /** Follows an order until it reaches a terminal status (and again after every reconnect). */
  follow(target: LiveTarget): void {
    const key = keyOf(target);
    this.targets.set(key, target);
    if (this.stopped) this.start();
    else if (this.socket?.readyState === OPEN) this.subscribe(target);
  }

  /** How many orders are still followed. */
  get following(): number {
    return this.targets.size;
  }

  /** Opens the connection (follow() does it too). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "client stopped");
    }
    this.options.onState?.({ state: "idle" });
  }

  private open(): void {
    const url = new URL(this.options.wsUrl);
    const token = this.options.token();
    if (token) url.searchParams.set("token", token);
    this.options.onState?.({ state: "connecting", attempt: this.attempt });
    let socket: SocketLike;
    try {
      socket = this.options.connect(url.toString());
    } catch {
      return this.retry(1006);
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onState?.({ state: "connected" });
      for (const target of this.targets.values()) this.subscribe(target);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // a close event always follows; it decides what to do
    socket.onclose = (event) => {
      if (this.socket === socket) this.socket = undefined;
      if (!this.stopped) this.retry(event.code);
    };
  }

  private retry(code: number): void {
    this.attempt += 1;
    const initial = this.options.initialDelayMs ?? 500;
    const cap = this.options.maxDelayMs ?? 15_000;
    const ceiling = Math.min(cap, initial * 2 ** (this.attempt - 1));
    // "Equal jitter": at least half the ceiling, so clients that lost the same server do not return in step.
    const delayMs = Math.round(ceiling / 2 + ((this.options.random ?? Math.random)() * ceiling) / 2);
    this.options.onState?.({ state: "reconnecting", attempt: this.attempt, delayMs, code });
    this.timer = setTimeout(() => {
      if (!this.stopped) this.open();
    }, delayMs);
  }

  private subscribe(target: LiveTarget): void {
    this.socket?.send(JSON.stringify({ action: "subscribe", ...target }));
  }

  private receive(data: unknown): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(typeof data === "string" ? data : String(data)) as LiveMessage;
    } catch {
      return; // not JSON: not a message of this API
    }
    if ((message.type === "status" || message.type === "subscribed") && isTerminal(message.status)) {
      this.targets.delete(keyOf({ messageId: message.messageId }));
      this.targets.delete(keyOf({ orderId: message.orderId }));
    }
    this.options.onMessage(message);
  }
}

const keyOf = (target: LiveTarget): string => ("messageId" in target ? `m:${target.messageId}` : `o:${target.orderId}`);
