import type { ChangeFeed, Log } from "@tps/core";
import pg from "pg";

const CHANNEL = "task_changes";

/**
 * LISTENs on `task_changes` (a statement-level trigger NOTIFYs on every insert/update of tasks) with
 * one connection per process, opened on the first subscriber and re-opened after failures.
 */
export function createChangeFeed(url: string, log: Log): ChangeFeed & { close(): Promise<void> } {
  const listeners = new Set<() => void>();
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;
  let down = false; // log an outage once, not on every retry

  const connect = async () => {
    if (closed || client) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client = next;
    const reconnect = (err?: Error) => {
      if (client !== next) return;
      client = null;
      next.end().catch(() => {});
      if (closed) return;
      if (!down)
        log.warn({ err: err?.message }, "change feed lost its database connection; retrying every 2 s");
      down = true;
      // Whatever changed meanwhile: tell subscribers to refetch once we are back.
      retry = setTimeout(() => void connect().then(() => notify()), 2_000);
    };
    next.on("error", reconnect);
    next.on("end", () => reconnect());
    next.on("notification", () => notify());
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (down) log.info({}, "change feed reconnected");
      down = false;
    } catch (error) {
      reconnect(error as Error);
    }
  };

  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
