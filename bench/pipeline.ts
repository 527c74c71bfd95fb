/**
 * Pipeline benchmark: bulk-creates N tasks through the typed client and measures the time until
 * all of them are COMPLETED, sampling the consumer's in-flight gauge and memory while it runs.
 *
 *   npm start                       # in another terminal (TASK_WORK_MS=3000 by default)
 *   npm run bench:pipeline -- --count 1000
 *
 * Options: --count N (1000), --url (http://localhost:3000/api/trpc),
 *          --consumer-metrics (http://localhost:9464/metrics),
 *          --payload-bytes N (each payload padded to N bytes, up to 65536; default: a short label),
 *          --paused-create (pause processing while creating, then resume, so all N tasks reach
 *          the consumer at once even when creating them takes longer than one task's work; needs
 *          an admin key; the time is then resume → all completed)
 */
import { parseArgs } from "node:util";
import { createTasksClient } from "@tps/client";
import { MAX_BATCH_BYTES, MAX_BATCH_PAYLOADS, MAX_PAYLOAD_BYTES } from "@tps/core";
import { readGauge } from "./prometheus-gauge";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    url: { type: "string", default: "http://localhost:3000/api/trpc" },
    "consumer-metrics": { type: "string", default: "http://localhost:9464/metrics" },
    "payload-bytes": { type: "string" },
    "paused-create": { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const payloadBytes = values["payload-bytes"] === undefined ? null : Number(values["payload-bytes"]);
if (
  payloadBytes !== null &&
  !(Number.isInteger(payloadBytes) && payloadBytes >= 16 && payloadBytes <= MAX_PAYLOAD_BYTES)
) {
  throw new Error(`--payload-bytes must be an integer from 16 to ${MAX_PAYLOAD_BYTES}`);
}
/** The i-th payload: a short label, or the label padded to exactly `payloadBytes` (ASCII). */
const payloadOf = (i: number) => {
  const label = `bench-${i}`;
  return payloadBytes === null ? label : label.padEnd(payloadBytes, "x");
};
/** Payloads per createMany call: as many as one call accepts (count and total bytes). */
const perCall = Math.min(MAX_BATCH_PAYLOADS, Math.floor(MAX_BATCH_BYTES / (payloadBytes ?? 32)));
const client = createTasksClient(values.url, { apiKey: process.env.TPS_API_KEY }); // an operator key

const metricsHeaders: Record<string, string> = process.env.METRICS_TOKEN
  ? { authorization: `Bearer ${process.env.METRICS_TOKEN}` }
  : {};

const gauge = (name: string) => readGauge(values["consumer-metrics"], name, metricsHeaders);

const pausedCreate = values["paused-create"];
const before = await client.tasks.stats.query();
if (pausedCreate) await client.processing.pause.mutate({ reason: "bench:pipeline --paused-create" });
const t0 = performance.now();
try {
  for (let offset = 0; offset < count; offset += perCall) {
    const size = Math.min(perCall, count - offset);
    await client.tasks.createMany.mutate({
      payloads: Array.from({ length: size }, (_, i) => payloadOf(offset + i)),
    });
  }
} finally {
  if (pausedCreate) await client.processing.resume.mutate();
}
const created = performance.now();
/** Where the clock starts: the first create, or the resume when creating while paused. */
const start = pausedCreate ? created : t0;
let peakInFlight = 0;
let peakRss = 0;
for (;;) {
  const stats = await client.tasks.stats.query();
  const done = stats.COMPLETED - before.COMPLETED;
  peakInFlight = Math.max(peakInFlight, (await gauge("consumer_tasks_in_flight")) ?? 0);
  peakRss = Math.max(peakRss, (await gauge("process_resident_memory_bytes")) ?? 0);
  process.stdout.write(`\r${done}/${count} completed, ${((performance.now() - start) / 1000).toFixed(1)} s`);
  if (done >= count) break;
  await new Promise((r) => setTimeout(r, 100));
}
const finished = performance.now();
console.log("\n");
console.log(`tasks:                 ${count}`);
console.log(`payload:               ${payloadBytes === null ? "short label" : `${payloadBytes} bytes`}`);
console.log(`bulk create:           ${(created - t0).toFixed(0)} ms`);
console.log(
  `${pausedCreate ? "resume" : "create"} → all completed: ${((finished - start) / 1000).toFixed(2)} s`,
);
console.log(`peak in flight:        ${peakInFlight}`);
console.log(`consumer peak RSS:     ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
