import { parseArgs } from "node:util";
import { DEFAULT_SOAK_BOUNDS, type SoakBounds } from "./judge";

export interface SoakOptions {
  /** Web base URL (tRPC at /api/trpc, metrics at /api/metrics). */
  url: string;
  /** Consumer metrics endpoints (prom-client text). */
  consumerMetrics: string[];
  rate: number;
  durationMs: number;
  /** How often a line of figures is printed. */
  everyMs: number;
  /** Most create calls awaiting an answer; past it the schedule falls behind (counted). */
  maxInFlight: number;
  /** Sent as `Authorization: Bearer …` when set (TPS_API_KEY). */
  apiKey?: string;
  /** Crossing any of these fails the run (exit 1). */
  bounds: SoakBounds;
}

export const SOAK_USAGE = `Usage: npm run soak -- --rate 200 --duration 30m [options]

Open-loop creates at --rate for --duration against a running system; every --every prints web and
consumer RSS / heap used / active handles (prom-client default metrics) and create latency p50/p99.

  --rate N               creates per second (default 200)
  --duration D           30m, 60s, 2h (default 30m, at most 24h)
  --url URL              web base URL (default http://127.0.0.1:3000)
  --consumer-metrics U   consumer /metrics URL, repeatable (default http://127.0.0.1:9464/metrics)
  --every D              report interval (default 10s)
  --max-in-flight N      most create calls awaiting an answer (default 64)
  TPS_API_KEY            sent as "Authorization: Bearer <key>" when set

At the end the run is judged and exits 1 when any bound is crossed:
  --max-rss-growth N     MiB per hour per process, least-squares line after the warm-up (default 64)
  --max-heap-growth N    the same for heap used (default 32)
  --warmup D             left out of the memory lines (default 5m, at most a fifth of --duration)
  --max-error-rate F     failed creates / due, and its rise from the first third to the last (default 0.001)
  --max-p99-drift F      last third's create p99 over the first third's (default 1.5; rises under 50 ms pass)`;

/** "30m", "60s", "500ms", "2h" or bare seconds → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (use e.g. 30m, 60s, 500ms)`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] ?? "s"]!);
}

function bounded(name: string, value: number, min: number, max: number) {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${name} must be in ${min}..${max}, got ${value}`);
  }
  return value;
}

export function parseSoakArgs(argv: string[], env: Record<string, string | undefined>): SoakOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: "string", default: "200" },
      duration: { type: "string", default: "30m" },
      url: { type: "string", default: "http://127.0.0.1:3000" },
      "consumer-metrics": { type: "string", multiple: true },
      every: { type: "string", default: "10s" },
      "max-in-flight": { type: "string", default: "64" },
      "max-rss-growth": { type: "string", default: String(DEFAULT_SOAK_BOUNDS.rssMiBPerHour) },
      "max-heap-growth": { type: "string", default: String(DEFAULT_SOAK_BOUNDS.heapMiBPerHour) },
      warmup: { type: "string" },
      "max-error-rate": { type: "string", default: String(DEFAULT_SOAK_BOUNDS.errorRate) },
      "max-p99-drift": { type: "string", default: String(DEFAULT_SOAK_BOUNDS.p99DriftRatio) },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return null;
  const durationMs = bounded("duration", parseDuration(values.duration), 1_000, 24 * 3_600_000);
  const warmupMs = values.warmup
    ? bounded("warmup", parseDuration(values.warmup), 0, durationMs / 2)
    : Math.min(DEFAULT_SOAK_BOUNDS.warmupMs, Math.floor(durationMs / 5));
  return {
    url: values.url.replace(/\/+$/, ""),
    consumerMetrics: values["consumer-metrics"] ?? ["http://127.0.0.1:9464/metrics"],
    rate: bounded("rate", Number(values.rate), 0.1, 100_000),
    durationMs,
    everyMs: bounded("every", parseDuration(values.every), 1_000, 3_600_000),
    maxInFlight: bounded("max-in-flight", Number(values["max-in-flight"]), 1, 10_000),
    apiKey: env.TPS_API_KEY || undefined,
    bounds: {
      ...DEFAULT_SOAK_BOUNDS,
      warmupMs,
      rssMiBPerHour: bounded("max-rss-growth", Number(values["max-rss-growth"]), 0, 100_000),
      heapMiBPerHour: bounded("max-heap-growth", Number(values["max-heap-growth"]), 0, 100_000),
      errorRate: bounded("max-error-rate", Number(values["max-error-rate"]), 0, 1),
      p99DriftRatio: bounded("max-p99-drift", Number(values["max-p99-drift"]), 1, 1_000),
    },
  };
}
