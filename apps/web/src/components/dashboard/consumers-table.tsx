"use client";

import type { ConsumerInfo } from "@tps/api/client";
import Link from "next/link";
import { EmptyState } from "../query-state";
import { Time } from "../time";
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
          <table className="plain-table data-table">
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col">Host</th>
                <th scope="col">In flight</th>
                <th scope="col">Running now</th>
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
                  <td data-testid="consumer-running">
                    <RunningTasks consumer={c} />
                  </td>
                  <td className="num">{c.prefetch.toLocaleString("en")}</td>
                  <td>
                    <Time value={c.lastSeenAt} now={now} />
                  </td>
                  <td>
                    <Time value={c.startedAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Links to the tasks it runs now (longest-running first), and how many more there are. */
function RunningTasks({ consumer }: { consumer: ConsumerInfo }) {
  const ids = consumer.runningTaskIds;
  if (ids.length === 0) return <span className="muted">—</span>;
  const more = consumer.inFlight - ids.length;
  return (
    <span className="running-tasks">
      {ids.map((id) => (
        <Link key={id} href={`/tasks/${id}`} aria-label={`Open task ${id}, running on ${consumer.id}`}>
          #{id}
        </Link>
      ))}
      {more > 0 && (
        <Link href="/tasks?status=PROCESSING" className="muted">
          and {more.toLocaleString("en")} more
        </Link>
      )}
    </span>
  );
}
