import { createConnection, createServer, type Socket } from "node:net";

/**
 * Test only: a TCP proxy in front of PostgreSQL that can play an outage. `down()` cuts every open
 * connection and resets new ones (as a stopped server's port would), `up()` lets them through
 * again. Only the clients behind the proxy see the outage; nothing shared is touched.
 */
export async function startOutageProxy(target: { host: string; port: number }) {
  let down = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    client.on("error", () => {});
    if (down) return void client.destroy();
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
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
    down() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      down = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
