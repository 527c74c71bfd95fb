import { once } from "node:events";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy, targetOf, viaProxy } from "./fault-proxy";

/** Every client socket a test opened; destroyed after each test, passed or failed. */
const clientSockets = new Set<Socket>();

/** A client that collects what it receives. */
async function client(port: number) {
  const socket = tcpConnect({ host: "127.0.0.1", port });
  clientSockets.add(socket);
  await once(socket, "connect");
  let received = "";
  socket.on("data", (d: Buffer) => (received += d.toString()));
  const closed = once(socket, "close").then(() => true);
  socket.on("error", () => {});
  return {
    socket,
    received: () => received,
    closed,
    async send(text: string, waitMs = 100) {
      socket.write(text);
      await new Promise((r) => setTimeout(r, waitMs));
      return received;
    },
  };
}

describe("fault proxy (in front of an echo server)", () => {
  let echo: Server;
  let proxy: FaultProxy;
  const echoSockets = new Set<Socket>();

  beforeEach(async () => {
    echo = createServer((s) => {
      echoSockets.add(s);
      s.on("close", () => echoSockets.delete(s));
      s.on("error", () => {});
      s.pipe(s);
    });
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
    proxy = await startFaultProxy(`127.0.0.1:${(echo.address() as { port: number }).port}`);
  });
  afterEach(async () => {
    for (const s of clientSockets) s.destroy();
    clientSockets.clear();
    await proxy.close();
    for (const s of echoSockets) s.destroy();
    await new Promise((r) => echo.close(r));
  });

  it("passes bytes both ways", async () => {
    const c = await client(proxy.port);
    expect(await c.send("hello")).toBe("hello");
  });

  it("cut destroys current connections and keeps accepting", async () => {
    const c = await client(proxy.port);
    await c.send("a");
    proxy.cut();
    expect(await c.closed).toBe(true);
    const d = await client(proxy.port);
    expect(await d.send("again")).toBe("again");
  });

  it("blackhole holds traffic both ways, including new connections, and delivers it on restore", async () => {
    const c = await client(proxy.port);
    await c.send("1");
    await proxy.set("blackhole");
    expect(await c.send("2", 300)).toBe("1");
    const fresh = await client(proxy.port);
    expect(await fresh.send("x", 200)).toBe("");
    await proxy.restore();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.received()).toBe("12");
    expect(fresh.received()).toBe("x");
  });

  it("latency delays each direction by the given time", async () => {
    await proxy.set("latency", 150);
    const c = await client(proxy.port);
    const started = Date.now();
    c.socket.write("slow");
    while (c.received() !== "slow") await new Promise((r) => setTimeout(r, 10));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("refuse stops listening and drops connections; restore listens on the same port again", async () => {
    const c = await client(proxy.port);
    await proxy.set("refuse");
    expect(await c.closed).toBe(true);
    const refused = tcpConnect({ host: "127.0.0.1", port: proxy.port });
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
    await proxy.restore();
    const d = await client(proxy.port);
    expect(await d.send("back")).toBe("back");
  });

  it("builds service URLs through the proxy", () => {
    expect(targetOf("postgresql://postgres@127.0.0.1/db")).toBe("127.0.0.1:5432");
    expect(targetOf("redis://127.0.0.1")).toBe("127.0.0.1:6379");
    expect(viaProxy("amqp://guest:guest@127.0.0.1:5672", { port: 4000 })).toBe(
      "amqp://guest:guest@127.0.0.1:4000",
    );
  });
});
