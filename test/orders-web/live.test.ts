import { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { LiveMessage } from "../../apps/orders/web/src/client/contract";
import { LiveState, LiveStatus, SocketLike } from "../../apps/orders/web/src/client/live";

/** A WebSocket server that records every connection and subscribe, and answers like the API. */
async function server() {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  const connections: { url: string; socket: WebSocket }[] = [];
  const subscribes: unknown[] = [];
  let status = "RECEIVED";
  wss.on("connection", (socket, req) => {
    connections.push({ url: req.url!, socket });
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString());
      subscribes.push(message);
      socket.send(JSON.stringify({ type: "subscribed", orderId: "o-1", messageId: message.messageId, status }));
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/live`,
    connections,
    subscribes,
    setStatus: (s: string) => (status = s),
    push: (s: string) =>
      connections
        .at(-1)!
        .socket.send(JSON.stringify({ type: "status", orderId: "o-1", messageId: "m-1", status: s, at: new Date().toISOString() })),
    close: () => new Promise((resolve) => wss.close(resolve)),
  };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

describe("LiveStatus: the reconnecting WebSocket client of the page and the CLI", () => {
  let srv: Awaited<ReturnType<typeof server>>;
  let live: LiveStatus | undefined;
  const messages: LiveMessage[] = [];
  const states: LiveState[] = [];
  beforeEach(async () => {
    srv = await server();
    messages.length = 0;
    states.length = 0;
  });
  afterEach(async () => {
    live?.stop();
    await srv.close();
  });
  const start = (overrides: Partial<ConstructorParameters<typeof LiveStatus>[0]> = {}) => {
    live = new LiveStatus({
      wsUrl: srv.url,
      token: () => "t.o.k",
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      onMessage: (m) => messages.push(m),
      onState: (s) => states.push(s),
      initialDelayMs: 20,
      random: () => 0.5,
      ...overrides,
    });
    return live;
  };

  it("connects with the token in the query string and subscribes by message id", async () => {
    start().follow({ messageId: "m-1" });
    await until(() => messages.length === 1, "the subscribed answer");
    expect(srv.connections[0].url).toBe("/live?token=t.o.k");
    expect(srv.subscribes).toEqual([{ action: "subscribe", messageId: "m-1" }]);
    expect(messages[0]).toEqual({ type: "subscribed", orderId: "o-1", messageId: "m-1", status: "RECEIVED" });
  });

  it("after a dropped connection, reconnects and re-subscribes, so the final status still arrives", async () => {
    start().follow({ messageId: "m-1" });
    await until(() => messages.length === 1, "the first subscribe");
    // GIVEN the server drops the connection twice, and the order completes meanwhile
    srv.connections[0].socket.terminate();
    await until(() => srv.connections.length === 2, "the first reconnect");
    await until(() => srv.subscribes.length === 2, "the second subscribe");
    srv.setStatus("COMPLETED");
    srv.connections[1].socket.terminate();
    // THEN the client comes back again and the server's answer carries the final status
    await until(() => messages.some((m) => m.type === "subscribed" && m.status === "COMPLETED"), "the final status after re-subscribing");
    expect(srv.subscribes).toEqual(Array(3).fill({ action: "subscribe", messageId: "m-1" }));
    const delays = states.filter((s) => s.state === "reconnecting").map((s) => (s as { delayMs: number }).delayMs);
    expect(delays).toEqual([15, 15]); // each successful connection resets the backoff (growth: next test)
    expect(live!.following).toBe(0);
  });

  it("stops following an order at its terminal status, so a reconnect does not re-subscribe it", async () => {
    start().follow({ messageId: "m-1" });
    await until(() => messages.length === 1, "subscribed");
    srv.push("PROCESSING");
    srv.push("PAYMENT_DECLINED");
    await until(() => messages.length === 3, "two status events");
    expect(live!.following).toBe(0);
    srv.connections[0].socket.terminate();
    await until(() => srv.connections.length === 2, "the reconnect");
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.subscribes).toHaveLength(1);
  });

  it("caps the backoff and keeps trying while the server is unreachable", async () => {
    await srv.close();
    start({ wsUrl: "ws://127.0.0.1:9/live", maxDelayMs: 80 }).follow({ orderId: "o-1" });
    await until(() => states.filter((s) => s.state === "reconnecting").length >= 5, "five reconnect attempts");
    const delays = states.filter((s) => s.state === "reconnecting").map((s) => (s as { delayMs: number }).delayMs);
    expect(delays.slice(0, 5)).toEqual([15, 30, 60, 60, 60]);
    srv = await server(); // afterEach closes it
  });

  it("stop() closes the socket and never reconnects", async () => {
    start().follow({ messageId: "m-1" });
    await until(() => messages.length === 1, "subscribed");
    live!.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(srv.connections).toHaveLength(1);
    expect(states.at(-1)).toEqual({ state: "idle" });
  });
});
