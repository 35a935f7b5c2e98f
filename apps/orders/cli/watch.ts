import WebSocket from "ws";
import { LiveMessage } from "../web/src/client/contract";
import { LiveStatus, LiveTarget, SocketLike } from "../web/src/client/live";
import { isTerminal, statusRank } from "../web/src/client/statuses";
import { Connection } from "./connection";
import { CliError, CliIo, clock, EXIT } from "./output";

/**
 * Prints an order's status events as they arrive and resolves with the terminal status. Reconnects
 * (and re-subscribes) on its own when the connection drops; gives up after `timeoutSeconds`.
 */
export async function watchOrder(connection: Connection, target: LiveTarget, io: CliIo, timeoutSeconds: number): Promise<string> {
  const wsUrl = await connection.wsUrl();
  const api = await connection.api();
  const printed = new Set<string>();
  let lastPrinted: string | undefined;
  let historyShown = false;
  let done = false;
  // Messages are handled one after another: filling in the history is asynchronous.
  let queue = Promise.resolve();
  return new Promise<string>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      done = true;
      clearTimeout(timer);
      live.stop();
      outcome();
    };
    const print = (status: string, at: string, reason?: string) => {
      // Once per status, never backwards: a re-subscribe repeats the current status, and a subscribe's
      // answer can be overtaken by the next transition's event.
      if (printed.has(status) || (lastPrinted !== undefined && statusRank(status) < statusRank(lastPrinted))) return;
      printed.add(status);
      lastPrinted = status;
      // The reason goes on its own line, so the status line keeps its format for scripts.
      io.stdout.write(`${clock(at)}  ${status}\n${reason ? `              reason: ${reason}\n` : ""}`);
    };
    const showHistory = async (orderId: string) => {
      const history = await api.getOrder(orderId).then(
        (order) => order.history,
        () => [],
      );
      // In model order: two steps written in the same millisecond may come back in either order.
      for (const entry of [...history].sort((a, b) => statusRank(a.status) - statusRank(b.status)))
        print(entry.status, entry.at, entry.reason);
    };
    const handle = async (message: LiveMessage) => {
      if (done) return;
      if (message.type === "error")
        return finish(() => reject(new CliError(`the WebSocket API refused the subscription: ${message.message}`)));
      // The server sends only the current status on (re)subscribe: the history has the steps before it, with their times.
      if (!historyShown || message.type === "subscribed") {
        historyShown = true;
        await showHistory(message.orderId);
      }
      print(message.status, message.type === "status" ? message.at : new Date().toISOString(), message.reason);
      if (isTerminal(message.status)) finish(() => resolve(message.status));
    };
    const live = new LiveStatus({
      wsUrl,
      token: () => connection.currentToken(),
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      onMessage: (message: LiveMessage) => {
        queue = queue.then(() => handle(message));
      },
      onState: (state) => {
        if (state.state === "reconnecting")
          io.stderr.write(`connection lost (code ${state.code}); reconnecting in ${(state.delayMs / 1000).toFixed(1)} s\n`);
      },
    });
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new CliError(`no terminal status within ${timeoutSeconds} s (last: ${lastPrinted ?? "none"})`, [], EXIT.TIMEOUT)),
        ),
      timeoutSeconds * 1000,
    );
    live.follow(target);
  });
}
