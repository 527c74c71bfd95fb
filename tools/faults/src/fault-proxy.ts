import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * pass: forward both ways. blackhole: accept and hold; nothing is forwarded either way (data is
 * kept and delivered once the proxy passes again, like a network partition TCP survives).
 * latency: forward after `latencyMs`. refuse: stop listening and drop current connections, like a
 * server that is down. `cut()` destroys every current connection and keeps accepting.
 */
export type ProxyMode = "pass" | "blackhole" | "latency" | "refuse";

export interface FaultProxy {
  readonly port: number;
  /** `host:port` of the proxy, for building service URLs. */
  readonly address: string;
  readonly mode: ProxyMode;
  readonly connections: number;
  set(mode: ProxyMode, latencyMs?: number): Promise<void>;
  /** Destroys all current connections (both sides); new ones are accepted as before. */
  cut(): void;
  /** Back to pass. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Direction {
  from: Socket;
  to: Socket;
  queue: { chunk: Buffer; due: number }[];
  timer: NodeJS.Timeout | null;
}

const MAX_QUEUED_CHUNKS = 64;

/** A TCP proxy on 127.0.0.1 (ephemeral port unless given) in front of `target` (`host:port`). */
export async function startFaultProxy(target: string, listenPort = 0): Promise<FaultProxy> {
  const [targetHost, targetPort] = splitHostPort(target);
  let mode: ProxyMode = "pass";
  let latencyMs = 0;
  const sockets = new Set<Socket>();
  const directions = new Set<Direction>();

  function pump(d: Direction) {
    if (d.timer) return;
    while (d.queue.length > 0 && mode !== "blackhole" && !d.to.destroyed) {
      const head = d.queue[0]!;
      const wait = head.due - Date.now();
      if (wait > 0) {
        d.timer = setTimeout(() => {
          d.timer = null;
          pump(d);
        }, wait);
        return;
      }
      d.queue.shift();
      if (!d.to.write(head.chunk)) {
        d.from.pause();
        d.to.once("drain", () => {
          d.from.resume();
          pump(d);
        });
        return;
      }
    }
    if (d.queue.length < MAX_QUEUED_CHUNKS && mode !== "blackhole" && d.from.isPaused()) d.from.resume();
  }

  function forward(from: Socket, to: Socket) {
    const d: Direction = { from, to, queue: [], timer: null };
    directions.add(d);
    from.on("data", (chunk: Buffer) => {
      d.queue.push({ chunk, due: Date.now() + (mode === "latency" ? latencyMs : 0) });
      if (mode === "blackhole" || d.queue.length >= MAX_QUEUED_CHUNKS) from.pause();
      pump(d);
    });
    from.on("close", () => {
      directions.delete(d);
      if (d.timer) clearTimeout(d.timer);
    });
  }

  function track(socket: Socket) {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  }

  function onConnection(client: Socket) {
    track(client);
    const upstream = tcpConnect({ host: targetHost, port: targetPort });
    track(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
    forward(client, upstream);
    forward(upstream, client);
    if (mode === "blackhole") client.pause();
  }

  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(listenPort);

  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };

  async function set(next: ProxyMode, nextLatencyMs = 0) {
    const wasRefusing = mode === "refuse";
    mode = next;
    latencyMs = nextLatencyMs;
    if (next === "refuse") {
      if (!wasRefusing) {
        const closed = stopListening();
        cut();
        await closed;
      }
      return;
    }
    if (wasRefusing) {
      server = createServer(onConnection);
      await listen(port);
    }
    if (next !== "blackhole") for (const d of directions) pump(d);
  }

  return {
    port,
    address: `127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    get connections() {
      return sockets.size;
    },
    set,
    cut,
    restore: () => set("pass"),
    async close() {
      const closed = mode === "refuse" ? Promise.resolve() : stopListening();
      mode = "refuse";
      cut();
      await closed;
    },
  };
}

function splitHostPort(target: string): [string, number] {
  const i = target.lastIndexOf(":");
  const port = Number(target.slice(i + 1));
  if (i < 1 || !Number.isInteger(port)) throw new Error(`expected host:port, got ${target}`);
  return [target.slice(0, i), port];
}

/** The same URL with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: Pick<FaultProxy, "port">): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(proxy.port);
  return u.toString();
}

/** `host:port` of a service URL (default ports of postgres, amqp and redis filled in). */
export function targetOf(url: string): string {
  const u = new URL(url);
  const defaults: Record<string, string> = { "postgresql:": "5432", "postgres:": "5432", "amqp:": "5672" };
  const port = u.port || defaults[u.protocol] || (u.protocol === "redis:" ? "6379" : "");
  return `${u.hostname}:${port}`;
}
