import { createTasksClient } from "@tps/api/client";
import { type CallSample, formatVerdicts, judgeSoak, type MemorySample } from "./judge";
import { type ProcessFigures, percentile, readProcessFigures } from "./prom-text";
import { parseSoakArgs, SOAK_USAGE, type SoakOptions } from "./soak-args";

// `npm run soak -- --rate 200 --duration 30m`: an open-loop creator against a running system that
// prints, every interval, web and consumer memory (RSS, heap used), active handles, and create
// latency p50/p99, so a leak shows as a line that keeps climbing. Stops by itself, then judges the
// run (judge.ts: memory growth per hour, error rate, p99 drift) and exits 1 if a bound is crossed.

const TICK_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const mib = (bytes: number) => (Number.isNaN(bytes) ? "-" : `${(bytes / 1_048_576).toFixed(0)}MiB`);

async function scrape(url: string, headers: Record<string, string>): Promise<ProcessFigures | null> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(3_000) });
    return res.ok ? readProcessFigures(await res.text()) : null;
  } catch {
    return null;
  }
}

const describeProcess = (name: string, f: ProcessFigures | null) =>
  f ? `${name} rss ${mib(f.rss)} heap ${mib(f.heap)} handles ${f.handles}` : `${name} unreachable`;

async function soak(o: SoakOptions) {
  const headers: Record<string, string> = o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {};
  const client = createTasksClient(`${o.url}/api/trpc`, { headers });
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let sent = 0;
  let created = 0;
  let errors = 0;
  let behind = 0;
  let inFlight = 0;
  let latencies: number[] = [];
  const all: number[] = [];
  let nextReport = o.everyMs;
  const pending = new Set<Promise<void>>();
  const callSamples: CallSample[] = [];
  const names = [
    "web",
    ...o.consumerMetrics.map((_, i) => `consumer${o.consumerMetrics.length > 1 ? i : ""}`),
  ];
  const memory: Record<string, MemorySample[]> = Object.fromEntries(names.map((n) => [n, []]));

  const report = async () => {
    const atMs = elapsed();
    const [web, ...consumers] = await Promise.all([
      scrape(`${o.url}/api/metrics`, headers),
      ...o.consumerMetrics.map((u) => scrape(u, headers)),
    ]);
    for (const [i, f] of [web, ...consumers].entries()) {
      memory[names[i]!]!.push({ atMs, rss: f?.rss ?? Number.NaN, heap: f?.heap ?? Number.NaN });
    }
    const line = [
      `t=${(elapsed() / 1000).toFixed(0)}s`,
      `created ${created} errors ${errors} behind ${behind}`,
      `create p50 ${percentile(latencies, 0.5).toFixed(0)}ms p99 ${percentile(latencies, 0.99).toFixed(0)}ms`,
      describeProcess("web", web),
      ...consumers.map((c, i) => describeProcess(`consumer${consumers.length > 1 ? i : ""}`, c)),
    ];
    console.log(line.join(" | "));
    latencies = [];
  };

  const total = Math.floor((o.rate * o.durationMs) / 1000);
  // Bounded: the loop ends once the last task is due (the duration is over), whatever the system does.
  while (sent < total && elapsed() < o.durationMs + TICK_MS) {
    const due = Math.min(total, Math.floor((o.rate * elapsed()) / 1000)) - sent;
    if (due > 0) {
      const payloads = Array.from({ length: Math.min(due, 10_000) }, (_, i) => `soak-${sent + i}`);
      sent += payloads.length;
      if (inFlight >= o.maxInFlight) {
        behind += payloads.length;
        // Skipped because the system fell behind: a failure to create, for the error rate.
        callSamples.push({ atMs: elapsed(), tasks: payloads.length, ok: false, latencyMs: Number.NaN });
      } else {
        inFlight++;
        const t0 = performance.now();
        const sample: CallSample = {
          atMs: elapsed(),
          tasks: payloads.length,
          ok: false,
          latencyMs: Number.NaN,
        };
        callSamples.push(sample);
        const call = client.tasks.createMany
          .mutate({ payloads }, { signal: AbortSignal.timeout(30_000) })
          .then(
            (r) => {
              created += r.items.length;
              const ms = performance.now() - t0;
              sample.ok = true;
              sample.latencyMs = ms;
              latencies.push(ms);
              all.push(ms);
            },
            () => {
              errors += payloads.length;
            },
          )
          .finally(() => {
            inFlight--;
            pending.delete(call);
          });
        pending.add(call);
      }
    }
    if (elapsed() >= nextReport) {
      nextReport += o.everyMs;
      void report();
    }
    await sleep(TICK_MS - ((performance.now() - started) % TICK_MS));
  }
  await Promise.all(pending);
  await report();
  console.log(
    `soak done: ${created} created of ${sent} due at ${o.rate}/s over ${(o.durationMs / 1000).toFixed(0)}s; ` +
      `${errors} failed, ${behind} skipped (over --max-in-flight); create p50 ${percentile(all, 0.5).toFixed(0)}ms ` +
      `p99 ${percentile(all, 0.99).toFixed(0)}ms`,
  );
  const verdicts = judgeSoak(memory, callSamples, o.durationMs, o.bounds);
  console.log(
    `soak verdict (warm-up ${(o.bounds.warmupMs / 1000).toFixed(0)}s):\n${formatVerdicts(verdicts)}`,
  );
  const ok = verdicts.every((v) => v.ok);
  console.log(ok ? "soak PASSED" : "soak FAILED: a bound was crossed");
  return ok ? 0 : 1;
}

try {
  const options = parseSoakArgs(process.argv.slice(2), process.env);
  if (!options) {
    console.log(SOAK_USAGE);
    process.exit(0);
  }
  process.exit(await soak(options));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
