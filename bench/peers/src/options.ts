import { parseArgs } from "node:util";

/** What the benchmark runs: the workloads, how often, and against which systems. */
export interface BenchOptions {
  quick: boolean;
  repetitions: number;
  noopTasks: number;
  workTasks: number;
  workMs: number;
  /** An already running system's tRPC URL and consumer metrics URL; unset = start an isolated copy. */
  url: string | undefined;
  consumerMetrics: string | undefined;
  /** Single-create latency is measured at each of these rates (requests per second). */
  latencyRates: number[];
  latencySeconds: number;
  databaseServer: string;
  redisUrl: string;
  rabbitmqUrl: string;
  authorization: Record<string, string>;
}

export function readOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      repetitions: { type: "string" },
      url: { type: "string" },
      "consumer-metrics": { type: "string" },
      rate: { type: "string", default: "500,2000" },
    },
  });
  const quick = values.quick ?? false;
  const apiKey = env.TPS_API_KEY;
  return {
    quick,
    repetitions: Number(values.repetitions ?? (quick ? 1 : 3)),
    noopTasks: quick ? 2_000 : 20_000,
    workTasks: quick ? 1_000 : 10_000,
    workMs: 3_000,
    url: values.url,
    consumerMetrics: values["consumer-metrics"],
    latencyRates: values.rate
      .split(",")
      .map(Number)
      .filter((r) => r > 0),
    latencySeconds: quick ? 3 : 10,
    databaseServer: env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432",
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
    rabbitmqUrl: env.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672",
    authorization: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  };
}

export const HELP = `npm run bench:peers -- [--quick] [--repetitions N] [--rate N[,N...]]
                              [--url http://host:port/api/trpc --consumer-metrics http://host:port/metrics]
--rate: the single-create latency rates per second (default 500,2000).
TPS_API_KEY, when set, is sent as "Authorization: Bearer <key>".`;
