/**
 * Pipeline benchmark: bulk-creates N tasks through the typed client and measures the time until
 * all of them are COMPLETED, sampling the consumer's in-flight gauge and memory while it runs.
 *
 *   npm start                       # in another terminal (TASK_WORK_MS=3000 by default)
 *   npm run bench:pipeline -- --count 1000
 *
 * Options: --count N (1000), --url (http://localhost:3000/api/trpc),
 *          --consumer-metrics (http://localhost:9464/metrics)
 */
import { parseArgs } from "node:util";
import { createTasksClient } from "@tps/client";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    url: { type: "string", default: "http://localhost:3000/api/trpc" },
    "consumer-metrics": { type: "string", default: "http://localhost:9464/metrics" },
  },
});
const count = Number(values.count);
const client = createTasksClient(values.url, { apiKey: process.env.TPS_API_KEY }); // an operator key

const metricsHeaders: Record<string, string> = process.env.METRICS_TOKEN
  ? { authorization: `Bearer ${process.env.METRICS_TOKEN}` }
  : {};

async function gauge(name: string): Promise<number | null> {
  try {
    const text = await (await fetch(values["consumer-metrics"], { headers: metricsHeaders })).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(" ")[1]) : null;
  } catch {
    return null;
  }
}

const before = await client.tasks.stats.query();
const t0 = performance.now();
const ids: number[] = [];
for (let offset = 0; offset < count; offset += 10_000) {
  const size = Math.min(10_000, count - offset);
  const { items } = await client.tasks.createMany.mutate({
    payloads: Array.from({ length: size }, (_, i) => `bench-${offset + i}`),
  });
  ids.push(...items.map((t) => t.id));
}
const created = performance.now();
let peakInFlight = 0;
let peakRss = 0;
for (;;) {
  const stats = await client.tasks.stats.query();
  const done = stats.COMPLETED - before.COMPLETED;
  peakInFlight = Math.max(peakInFlight, (await gauge("consumer_tasks_in_flight")) ?? 0);
  peakRss = Math.max(peakRss, (await gauge("process_resident_memory_bytes")) ?? 0);
  process.stdout.write(`\r${done}/${count} completed, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (done >= count) break;
  await new Promise((r) => setTimeout(r, 100));
}
const finished = performance.now();
console.log("\n");
console.log(`tasks:                 ${count}`);
console.log(`bulk create:           ${(created - t0).toFixed(0)} ms`);
console.log(`create → all completed: ${((finished - t0) / 1000).toFixed(2)} s`);
console.log(`peak in flight:        ${peakInFlight}`);
console.log(`consumer peak RSS:     ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
