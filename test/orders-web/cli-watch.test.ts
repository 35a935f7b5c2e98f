import { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { WebSocketServer } from "ws";
import { Connection } from "../../apps/orders/cli/connection";
import { watchOrder } from "../../apps/orders/cli/watch";

const HISTORY = [
  { status: "RECEIVED", at: "2026-11-21T10:00:00.000Z" },
  { status: "PROCESSING", at: "2026-11-21T10:00:00.100Z" },
  { status: "SAVED", at: "2026-11-21T10:00:00.200Z" },
  { status: "PAYMENT_DECLINED", at: "2026-11-21T10:00:00.300Z" },
];

/**
 * A WebSocket server that answers a subscribe with the given messages, in that order, and a connection
 * whose API returns the order's history: the races of a real server, made deterministic.
 */
async function watchWith(messages: object[]): Promise<{ final: string; lines: string[] }> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  wss.on("connection", (socket) => socket.on("message", () => messages.forEach((m) => socket.send(JSON.stringify(m)))));
  const connection = {
    wsUrl: async () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/live`,
    api: async () => ({ getOrder: async () => ({ orderId: "o-1", messageId: "m-1", status: "PAYMENT_DECLINED", history: HISTORY }) }),
    currentToken: () => "t",
  } as unknown as Connection;
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (c) => (out += c));
  try {
    const final = await watchOrder(connection, { messageId: "m-1" }, { stdout, stderr: new PassThrough(), env: {} }, 10);
    await new Promise((r) => setTimeout(r, 100)); // anything still queued would print now
    return { final, lines: out.trim().split("\n") };
  } finally {
    wss.clients.forEach((c) => c.terminate());
    await new Promise((resolve) => wss.close(resolve));
  }
}

describe("orders watch: the order of what it prints", () => {
  const event = (status: string, at: string) => ({ type: "status", orderId: "o-1", messageId: "m-1", status, at });
  const subscribed = (status: string) => ({ type: "subscribed", orderId: "o-1", messageId: "m-1", status });

  it("prints the steps before the subscription from the history, then the live ones, each once", async () => {
    const { final, lines } = await watchWith([
      subscribed("PROCESSING"),
      event("SAVED", HISTORY[2].at),
      event("PAYMENT_DECLINED", HISTORY[3].at),
    ]);
    expect(final).toBe("PAYMENT_DECLINED");
    expect(lines).toEqual(["10:00:00.000  RECEIVED", "10:00:00.100  PROCESSING", "10:00:00.200  SAVED", "10:00:00.300  PAYMENT_DECLINED"]);
  });

  it("when the final event overtakes the (stale) subscribe answer, still prints every step in order and ends with the final status", async () => {
    // The server registered the subscription, the order moved on and was pushed, then the reply carrying the older status went out.
    const { final, lines } = await watchWith([event("PAYMENT_DECLINED", HISTORY[3].at), subscribed("SAVED")]);
    expect(final).toBe("PAYMENT_DECLINED");
    expect(lines).toEqual(["10:00:00.000  RECEIVED", "10:00:00.100  PROCESSING", "10:00:00.200  SAVED", "10:00:00.300  PAYMENT_DECLINED"]);
  });
});
