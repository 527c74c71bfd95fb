/**
 * Single creates as other services send them: one plain HTTP request per task (REST
 * `POST /api/v1/tasks`, no client batching), in an open loop at a fixed rate (see open-loop.ts), so
 * a slow server cannot slow the sender down. Prints how many were created, refused busy (503) or failed, and the
 * latency of each kind.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tps_single TASK_QUEUE=task_queue_single \
 *     RATE_LIMIT_PER_SECOND=0 ADMIN_API_KEY=<key> PORT=3500 CONSUMER_PORT=9568 npm start
 *   TPS_API_KEY=<key> npm run bench:single -- --url http://localhost:3500 --rate 500 --seconds 20
 *
 * Options: --url (http://localhost:3500), --rate per second (500), --seconds (20), --timeout-ms
 * per request (10000).
 */
import { benchArgs } from "./args";
import { openLoop } from "./open-loop";

const {
  url,
  rate,
  seconds,
  "timeout-ms": timeoutMs,
} = benchArgs({ url: "http://localhost:3500", rate: 500, seconds: 20, "timeout-ms": 10_000 });

type Outcome = "created" | "busy" | "other" | "timeout" | "error";
const outcomeOf = (status: number | "timeout" | "error"): Outcome =>
  typeof status === "string" ? status : status === 201 ? "created" : status === 503 ? "busy" : "other";

const run = await openLoop({
  url: `${url.replace(/\/$/, "")}/api/v1/tasks`,
  headers: {
    "content-type": "application/json",
    ...(process.env.TPS_API_KEY ? { authorization: `Bearer ${process.env.TPS_API_KEY}` } : {}),
  },
  body: (n) => JSON.stringify({ payload: `single ${n}` }),
  rate,
  seconds,
  timeoutMs,
});

const latencies: Record<Outcome, number[]> = { created: [], busy: [], other: [], timeout: [], error: [] };
for (const reply of run.replies) latencies[outcomeOf(reply.status)].push(reply.latencyMs);

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
const ms = (v: number) => (Number.isNaN(v) ? "-" : `${v.toFixed(1)} ms`);

console.log(
  `offered ${run.sent} creates at ${rate}/s (sent in ${run.sentIn.toFixed(1)} s, all answered in ${run.elapsed.toFixed(1)} s; ` +
    `the sender used ${(run.senderCpu * 100).toFixed(0)} % of a core)`,
);
console.log("outcome   count   p50        p90        p99        max");
for (const [outcome, values] of Object.entries(latencies)) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${outcome.padEnd(9)} ${String(values.length).padStart(6)}  ${ms(percentile(sorted, 50)).padEnd(10)} ${ms(percentile(sorted, 90)).padEnd(10)} ${ms(percentile(sorted, 99)).padEnd(10)} ${ms(sorted.at(-1) ?? Number.NaN)}`,
  );
}
console.log(`created/s over the run: ${(latencies.created.length / run.elapsed).toFixed(0)}`);
