import { createTasksClient, type TasksClient } from "@tps/api/client";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { violations } from "../invariants";
import { type AppProcess, sleep, startApiServer } from "../processes";
import { runScenario, type ScenarioOutcome } from "../scenario";

/** How long the per-second schedule runs, and how long every consumer is down in the middle of it. */
const RUN_MS = 60_000;
const ALL_DOWN_MS = 5_000;

interface TickRow {
  tick: Date;
  n: number;
  firstCreated: Date;
}

/**
 * Invariant: a schedule at `* * * * * *` makes exactly one task per tick, whatever the number of
 * consumer processes (3) and API processes (2), through kill -9 and graceful restarts of any of
 * them; while every consumer is down no task is made, and the first consumer back makes one
 * catch-up task (not one per missed tick). Ticks are read from each task's `created` step.
 */
describe("cron schedules", () => {
  it("one task per tick across 3 consumers and 2 API processes, restarts, and a downtime", async () => {
    /** Every API server process started: stopped at the end whatever happens. */
    const servers: AppProcess[] = [];
    const startApi = async (env: Record<string, string>) => {
      const server = await startApiServer(env);
      servers.push(server.proc);
      return server;
    };
    let rows: TickRow[] = [];
    let outcome: ScenarioOutcome;
    try {
      outcome = await runScenario(
        "schedule per second",
        { consumers: 3, drainTimeoutMs: 60_000 },
        async (system) => {
          let api2 = await startApi(system.webEnv);
          const client2 = createTasksClient(`${api2.url}/api/trpc`, { apiKey: system.apiKey }) as TasksClient;
          const { id } = await client2.schedules.create.mutate({
            type: "sleep",
            input: "tick",
            cron: "* * * * * *",
          });
          const started = Date.now();
          const events: string[] = [];
          const at = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
          const step = async (name: string, run: () => Promise<unknown>) => {
            await run();
            events.push(`${at()} ${name}`);
          };
          const until = (ms: number) => sleep(Math.max(0, started + ms - Date.now()));

          await until(6_000);
          await step("kill -9 consumer 0 and restart", () => system.restart(0));
          await until(12_000);
          await step("kill -9 web and restart", () => system.killAndRestartWeb());
          await until(16_000);
          await step("SIGTERM consumer 1", () => system.terminate(1));
          await step("start consumer 1", () => system.restart(1));
          await until(22_000);
          await step("kill -9 API server and restart", async () => {
            api2.proc.signal("SIGKILL");
            await api2.proc.exited;
            api2 = await startApi(system.webEnv);
          });
          await until(26_000);
          // Two at once: consumer 2 alone keeps ticking.
          await step("kill -9 consumers 0 and 1, restart both", () =>
            Promise.all([system.restart(0), system.restart(1)]),
          );
          await until(34_000);
          await Promise.all([0, 1, 2].map((i) => system.kill(i)));
          const allDownAt = Date.now();
          events.push(`${at()} kill -9 every consumer`);
          await sleep(ALL_DOWN_MS);
          const restartAt = Date.now();
          await step("start consumer 0", () => system.restart(0));
          const upAt = Date.now();
          await step("start consumers 1 and 2", () => Promise.all([system.restart(1), system.restart(2)]));
          await until(RUN_MS);
          // Off through the other API process (the web), then read what the ticks made.
          await system.client.schedules.update.mutate({ id, enabled: false });
          const disabledAt = Date.now();
          const schedule = await system.client.schedules.get.query({ id });

          const pool = new pg.Pool({ connectionString: system.databaseUrl, max: 1 });
          try {
            const result = await pool.query<TickRow>(
              `SELECT split_part(e.detail, ' tick ', 2)::timestamptz AS tick, count(*)::int AS n,
                    min(t.created_at) AS "firstCreated"
             FROM tasks t JOIN task_events e ON e.task_id = t.id AND e.type = 'created'
             WHERE t.schedule_id = $1 GROUP BY 1 ORDER BY 1`,
              [id],
            );
            rows = result.rows;
          } finally {
            await pool.end();
          }

          // Every second from the first tick to the last: made once, or skipped inside the downtime.
          const first = rows[0]!.tick.getTime();
          const last = rows.at(-1)!.tick.getTime();
          const made = new Set(rows.map((r) => r.tick.getTime()));
          const missing: number[] = [];
          for (let t = first; t <= last; t += 1_000) if (!made.has(t)) missing.push(t);
          // The catch-up: a tick of the downtime, made once a consumer was back.
          const catchUp = rows.filter(
            (r) =>
              r.tick.getTime() >= allDownAt - 1_000 &&
              r.tick.getTime() < restartAt &&
              r.firstCreated.getTime() >= restartAt,
          );
          const lateness = rows
            .filter((r) => !catchUp.includes(r))
            .map((r) => r.firstCreated.getTime() - r.tick.getTime())
            .sort((a, b) => a - b);
          const p = (q: number) =>
            lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0;
          console.log(
            [
              `[schedules] ${rows.length} ticks made from ${new Date(first).toISOString()} to ${new Date(last).toISOString()}`,
              `duplicated ticks ${rows.filter((r) => r.n > 1).length}, tasks ${rows.reduce((s, r) => s + r.n, 0)}`,
              `skipped ticks ${missing.length} (all within the downtime: ${missing.every((t) => t >= allDownAt - 1_000 && t < upAt + 1_000)})`,
              `catch-up tasks ${catchUp.length} (tick ${catchUp[0]?.tick.toISOString()}, made ${catchUp[0]?.firstCreated.toISOString()})`,
              `schedule ticksMissed ${schedule.ticksMissed}, lastTasks ${schedule.lastTasks.length}`,
              `tick → task created: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${lateness.at(-1)} ms`,
              `events: ${events.join("; ")}`,
              `all consumers down ${new Date(allDownAt).toISOString()} → first back ${new Date(upAt).toISOString()}, disabled ${new Date(disabledAt).toISOString()}`,
            ].join("\n  "),
          );
          expect(rows.filter((r) => r.n !== 1)).toEqual([]);
          expect(catchUp).toHaveLength(1);
          for (const t of missing) {
            expect(t).toBeGreaterThanOrEqual(allDownAt - 1_000);
            expect(t).toBeLessThan(upAt + 1_000);
          }
          expect(missing.length).toBeGreaterThanOrEqual(ALL_DOWN_MS / 1_000 - 1);
          expect(schedule.ticksMissed).toBe(missing.length);
          expect(rows.length).toBeGreaterThanOrEqual((last - first) / 1_000 + 1 - missing.length);
          return {
            notes: {
              ticks: rows.length,
              duplicated: rows.filter((r) => r.n > 1).length,
              skipped: missing.length,
              catchUp: catchUp.length,
              "lateness p99 ms": p(0.99),
            },
          };
        },
      );
    } finally {
      await Promise.all(servers.map((p) => p.stop(5_000)));
    }
    expect(violations(outcome.figures)).toEqual([]);
    expect(outcome.notes.duplicated).toBe(0);
  }, 240_000);
});
