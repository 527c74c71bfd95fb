import { parseArgs } from "node:util";

export interface LoadTestOptions {
  /** tRPC endpoint of the web API. */
  url: string;
  /** Target creates per second. */
  rate: number;
  durationMs: number;
  /** Most payloads per createMany call; 1 means one `create` call per task. 0 = all due in a tick. */
  batch: number;
  /** Share of tasks cancelled after a random delay within `workMs` (to hit running work too). */
  cancelRatio: number;
  /** Share of tasks created with a `fail:` payload (the simulated work fails them). */
  failRatio: number;
  /** The consumer's TASK_WORK_MS, recorded in the report (the load test cannot change it). */
  workMs: number;
  /** How long to wait, after the last create, for every task to reach a terminal status. */
  settleTimeoutMs: number;
  /** Most create requests waiting for a response; past it the test falls behind schedule. */
  maxInFlight: number;
  /** Folder for loadtest-<timestamp>.{md,json,svg}. */
  outDir: string;
  /** Show the live progress bar (default: when stderr is a terminal). */
  progress: boolean;
}

export const USAGE = `Usage: npm run loadtest -- --rate 200 --duration 60s [options]

  --rate N            creates per second (default 50)
  --duration D        how long to create: 60s, 2m, 500ms (default 30s)
  --url URL           tRPC endpoint (default http://localhost:3000/api/trpc)
  --batch N           most tasks per createMany call; 1 = one create call per task
                      (default: every task due in a 50 ms tick goes in one call)
  --cancel-ratio R    share of tasks to cancel, 0..1 (default 0)
  --fail-ratio R      share of tasks with a "fail:" payload, 0..1 (default 0)
  --work-ms N         the consumer's TASK_WORK_MS, recorded in the report (default 3000)
  --settle-timeout D  wait this long for tasks to finish after the last create (default 120s)
  --max-in-flight N   most create requests awaiting a response (default 256)
  --out DIR           report folder (default ./results)
  --no-progress       no progress bar (log lines instead)
  -h, --help          this help`;

/** "60s", "2m", "500ms", "1.5s" or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`invalid duration "${text}" (use e.g. 60s, 2m, 500ms)`);
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return Math.round(value * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit]!);
}

function number(name: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(
      `--${name} must be ${integer ? "an integer" : "a number"} in ${min}..${max}, got "${text}"`,
    );
  }
  return value;
}

/** Parses the command line; throws an Error with a readable message on bad input. */
export function parseOptions(
  argv: string[],
  defaults: { cwd: string; isTTY: boolean },
): LoadTestOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      rate: { type: "string", default: "50" },
      duration: { type: "string", default: "30s" },
      url: { type: "string", default: "http://localhost:3000/api/trpc" },
      batch: { type: "string", default: "0" },
      "cancel-ratio": { type: "string", default: "0" },
      "fail-ratio": { type: "string", default: "0" },
      "work-ms": { type: "string", default: "3000" },
      "settle-timeout": { type: "string", default: "120s" },
      "max-in-flight": { type: "string", default: "256" },
      out: { type: "string" },
      progress: { type: "boolean", default: defaults.isTTY },
      "no-progress": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  const url = new URL(values.url);
  if (!/^https?:$/.test(url.protocol)) throw new Error(`--url must be http(s), got "${values.url}"`);
  const options: LoadTestOptions = {
    url: url.toString().replace(/\/$/, ""),
    rate: number("rate", values.rate, 0.1, 100_000),
    durationMs: parseDuration(values.duration),
    batch: number("batch", values.batch, 0, 10_000, true),
    cancelRatio: number("cancel-ratio", values["cancel-ratio"], 0, 1),
    failRatio: number("fail-ratio", values["fail-ratio"], 0, 1),
    workMs: number("work-ms", values["work-ms"], 0, 3_600_000, true),
    settleTimeoutMs: parseDuration(values["settle-timeout"]),
    maxInFlight: number("max-in-flight", values["max-in-flight"], 1, 100_000, true),
    outDir: values.out ?? `${defaults.cwd}/results`,
    progress: values.progress && !values["no-progress"],
  };
  if (options.durationMs <= 0) throw new Error("--duration must be positive");
  if (options.cancelRatio + options.failRatio > 1)
    throw new Error("--cancel-ratio + --fail-ratio must be ≤ 1");
  return options;
}
