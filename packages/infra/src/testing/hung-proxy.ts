import { createConnection, createServer, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real service that can play the service's failures, so tests never
 * SIGSTOP or stop a shared service (`close()` restores nothing because nothing real was touched):
 * - `freeze()` hangs it: every connection stays open but no byte passes either way, and new
 *   connections are accepted, then never answered: alive to TCP, never replying, like a stalled
 *   process. `thaw()` lets bytes through again.
 * - `down()` stops it: every open connection is cut and new ones are reset, as a stopped server's
 *   port would. `up()` lets connections through again.
 */
export async function startHungProxy(target: { host: string; port: number }) {
  let state: "passing" | "frozen" | "down" = "passing";
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const server = createServer((client) => {
    client.on("error", () => {});
    if (state === "down") return void client.destroy();
    track(client);
    if (state === "frozen") return; // a blackhole: accepted, never answered
    const upstream = createConnection(target);
    track(upstream);
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    // Not piped: a frozen proxy must drop the bytes, not buffer them for later.
    client.on("data", (data) => state === "frozen" || upstream.write(data));
    upstream.on("data", (data) => state === "frozen" || client.write(data));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    /** `url` with its host and port replaced by the proxy's. */
    proxied(url: string) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    /** The service stops answering (connections stay open). */
    freeze() {
      state = "frozen";
    },
    thaw() {
      state = "passing";
    },
    /** The service is gone: open connections are cut, new ones reset. */
    down() {
      state = "down";
      cutAll();
    },
    up() {
      state = "passing";
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type HungProxy = Awaited<ReturnType<typeof startHungProxy>>;
