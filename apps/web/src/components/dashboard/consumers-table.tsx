"use client";

import type { ConsumerInfo } from "@tps/api/client";
import { timeAgo } from "@/lib/relative-time";
import { EmptyState } from "../query-state";
import { useNow } from "../use-now";

/** Consumers that sent a heartbeat in the last 15 s, with what they are working on. */
export function ConsumersTable({ consumers }: { consumers: ConsumerInfo[] }) {
  const now = useNow();
  return (
    <section className="card" aria-labelledby="consumers-heading">
      <h2 id="consumers-heading">Consumers online</h2>
      {consumers.length === 0 ? (
        <EmptyState testId="consumers-empty">
          No consumer online: new tasks wait in the queue until one starts.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col">Host</th>
                <th scope="col">In flight</th>
                <th scope="col">Prefetch</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">Up since</th>
              </tr>
            </thead>
            <tbody>
              {consumers.map((c) => (
                <tr key={c.id} data-testid="consumer-row">
                  <td className="mono">{c.id}</td>
                  <td>{c.hostname}</td>
                  <td className="num" data-testid="consumer-in-flight">
                    {c.inFlight.toLocaleString("en")}
                  </td>
                  <td className="num">{c.prefetch.toLocaleString("en")}</td>
                  <td>{timeAgo(c.lastSeenAt, now)}</td>
                  <td>{timeAgo(c.startedAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
