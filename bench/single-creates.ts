/**
 * Single creates as other services send them: one plain HTTP request per task (REST
 * `POST /api/v1/tasks`, no client batching), in an open loop at a fixed rate, so a slow server
 * cannot slow the sender down. Prints how many were created, refused busy (503) or failed, and the
 * latency of each kind.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tps_single TASK_QUEUE=task_queue_single \
 *     RATE_LIMIT_PER_SECOND=0 ADMIN_API_KEY=<key> PORT=3500 CONSUMER_PORT=9568 npm start
 *   TPS_API_KEY=<key> npm run bench:single -- --url http://localhost:3500 --rate 500 --seconds 20
 *
 * Options: --url (http://localhost:3500), --rate per second (500), --seconds (20), --timeout-ms
 * per request (10000).
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3500" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "20" },
    "timeout-ms": { type: "string", default: "10000" },
  },
});
const url = `${values.url.replace(/\/$/, "")}/api/v1/tasks`;
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const timeoutMs = Number(values["timeout-ms"]);
const headers = {
  "content-type": "application/json",
  ...(process.env.TPS_API_KEY ? { authorization: `Bearer ${process.env.TPS_API_KEY}` } : {}),
};

type Outcome = "created" | "busy" | "other" | "timeout" | "error";
const latencies: Record<Outcome, number[]> = { created: [], busy: [], other: [], timeout: [], error: [] };

async function createOne(n: number): Promise<void> {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ payload: `single ${n}` }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    outcome = response.status === 201 ? "created" : response.status === 503 ? "busy" : "other";
  } catch (error) {
    outcome = (error as Error).name === "TimeoutError" ? "timeout" : "error";
  }
  latencies[outcome].push(performance.now() - started);
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
const ms = (v: number) => (Number.isNaN(v) ? "-" : `${v.toFixed(1)} ms`);

const total = Math.round(rate * seconds);
const pending: Promise<void>[] = [];
const t0 = performance.now();
for (let n = 0; n < total; n++) {
  // Open loop: request n leaves at t0 + n / rate, whatever happened to the earlier ones.
  const due = t0 + (n * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(createOne(n));
}
const sentIn = (performance.now() - t0) / 1000;
await Promise.all(pending);
const elapsed = (performance.now() - t0) / 1000;

console.log(
  `offered ${total} creates at ${rate}/s (sent in ${sentIn.toFixed(1)} s, all answered in ${elapsed.toFixed(1)} s)`,
);
console.log("outcome   count   p50        p90        p99        max");
for (const [outcome, values] of Object.entries(latencies)) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${outcome.padEnd(9)} ${String(values.length).padStart(6)}  ${ms(percentile(sorted, 50)).padEnd(10)} ${ms(percentile(sorted, 90)).padEnd(10)} ${ms(percentile(sorted, 99)).padEnd(10)} ${ms(sorted.at(-1) ?? Number.NaN)}`,
  );
}
console.log(`created/s over the run: ${(latencies.created.length / elapsed).toFixed(0)}`);
