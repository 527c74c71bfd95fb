import { createConnection, createServer, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real service that can be made to hang: `freeze()` keeps every
 * connection open but stops passing bytes either way (and new connections are accepted, then
 * never answered): the service looks alive to TCP and never replies, like a stalled process.
 * Used instead of SIGSTOPping a shared service; `close()` restores nothing because nothing real
 * was touched.
 */
export async function startHungProxy(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (frozen) return; // a blackhole: accepted, never answered
    const upstream = createConnection(target);
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.on("data", (data) => frozen || upstream.write(data));
    upstream.on("data", (data) => frozen || client.write(data));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    /** The service stops answering (connections stay open). */
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type HungProxy = Awaited<ReturnType<typeof startHungProxy>>;
