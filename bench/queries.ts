/**
 * Console query benchmark: p50/p95 of the list, search and stats calls the console makes, through
 * the typed client against a running web app. Seed a large table first:
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tps_seed npm run seed -- --count 1000000
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tps_seed PORT=3400 npm start
 *   npm run bench:queries -- --url http://localhost:3400/api/trpc
 *
 * Options: --url (http://localhost:3000/api/trpc), --runs N (30 per query, after 3 warm-ups).
 */
import { parseArgs } from "node:util";
import { createTasksClient } from "@tps/client";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000/api/trpc" },
    runs: { type: "string", default: "30" },
  },
});
const runs = Number(values.runs);
const client = createTasksClient(values.url, { apiKey: process.env.TPS_API_KEY }); // a viewer key is enough

const newest = (await client.tasks.list.query({ limit: 1 })).items[0];
if (!newest) throw new Error("no tasks: seed the database first");
const page1 = await client.tasks.list.query({ limit: 50 });
const someId = Math.max(1, Math.floor(newest.id / 2));

const cases: [string, () => Promise<unknown>][] = [
  ["list: newest 50", () => client.tasks.list.query({ limit: 50 })],
  ["list: page 2 (cursor)", () => client.tasks.list.query({ limit: 50, cursor: page1.nextCursor })],
  ["list: status FAILED", () => client.tasks.list.query({ filter: { status: "FAILED" }, limit: 50 })],
  ["list: sort by finished", () => client.tasks.list.query({ sort: "finished", limit: 50 })],
  [
    "list: created last hour",
    () =>
      client.tasks.list.query({
        filter: { createdFrom: new Date(Date.now() - 3_600_000).toISOString() },
        limit: 50,
      }),
  ],
  [
    "search: payload 'customer-4242'",
    () => client.tasks.list.query({ filter: { search: "customer-4242" }, limit: 50 }),
  ],
  [
    "search: payload rare 'order-777777 '",
    () => client.tasks.list.query({ filter: { search: "order-777777 " }, limit: 50 }),
  ],
  ["search: id", () => client.tasks.list.query({ filter: { search: `#${someId}` }, limit: 50 })],
  [
    "search + status FAILED",
    () => client.tasks.list.query({ filter: { search: "render pdf", status: "FAILED" }, limit: 50 }),
  ],
  [
    "search + status COMPLETED, rare term",
    () => client.tasks.list.query({ filter: { search: "order-777777 ", status: "COMPLETED" }, limit: 50 }),
  ],
  ["stats: all", () => client.tasks.stats.query()],
  [
    "stats: matching 'customer-4242'",
    () => client.tasks.stats.query({ filter: { search: "customer-4242" } }),
  ],
  ["dashboard.overview", () => client.dashboard.overview.query()],
  [
    "get + events",
    () => Promise.all([client.tasks.get.query({ id: someId }), client.tasks.events.query({ id: someId })]),
  ],
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
console.log(`${runs} runs each against ${values.url} (newest id ${newest.id})\n`);
console.log("query".padEnd(38), "p50 ms".padStart(8), "p95 ms".padStart(8), "max ms".padStart(8));
for (const [name, run] of cases) {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    name.padEnd(38),
    pct(times, 0.5).toFixed(1).padStart(8),
    pct(times, 0.95).toFixed(1).padStart(8),
    times.at(-1)!.toFixed(1).padStart(8),
  );
}
