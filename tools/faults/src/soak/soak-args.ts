import { parseArgs } from "node:util";

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
  TPS_API_KEY            sent as "Authorization: Bearer <key>" when set`;

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
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return null;
  return {
    url: values.url.replace(/\/+$/, ""),
    consumerMetrics: values["consumer-metrics"] ?? ["http://127.0.0.1:9464/metrics"],
    rate: bounded("rate", Number(values.rate), 0.1, 100_000),
    durationMs: bounded("duration", parseDuration(values.duration), 1_000, 24 * 3_600_000),
    everyMs: bounded("every", parseDuration(values.every), 1_000, 3_600_000),
    maxInFlight: bounded("max-in-flight", Number(values["max-in-flight"]), 1, 10_000),
    apiKey: env.TPS_API_KEY || undefined,
  };
}
