/**
 * `npm run bench:peers`: this project next to BullMQ and pg-boss on this machine, round-robin,
 * same workloads. Starts an isolated copy of this project (own database, queue, ports) unless
 * --url is given, and cleans up every database, queue and key it made. See docs/benchmarks.md.
 */
import { cpus, loadavg } from "node:os";
import { type BrokerRun, formatBrokerFloor, runBrokerFloor } from "./broker-floor";
import { describeBullmq, runBullmq } from "./bullmq-peer";
import { type LatencyResult, measureCreateLatency } from "./create-latency";
import { HELP, readOptions } from "./options";
import type { PeerRun, Workload } from "./peer-run";
import { describePgBoss, runPgBoss } from "./pg-boss-peer";
import { formatLatency, formatWorkload, type PeerName, type WorkloadResult } from "./report";
import { median } from "./stats";
import { describeTps, runTps } from "./tps-peer";
import { startIsolatedSystem, type TpsSystem } from "./tps-system";

if (process.argv.includes("--help")) {
  console.log(HELP);
  process.exit(0);
}
const options = readOptions();
const loadAtStart = loadavg()[0]!;
const workloads: Workload[] = [
  { key: "noop", title: "no-op tasks", tasks: options.noopTasks, workMs: 0 },
  {
    key: "work",
    title: `${options.workMs / 1000} s of IO-bound work each`,
    tasks: options.workTasks,
    workMs: options.workMs,
  },
];

async function systemFor(workload: Workload, first: boolean): Promise<TpsSystem> {
  if (options.url) {
    console.log(
      `using the running system at ${options.url} (its TASK_WORK_MS applies, not ${workload.workMs})`,
    );
    const metrics = options.consumerMetrics ?? "http://127.0.0.1:9464/metrics";
    return { trpcUrl: options.url, consumerMetricsUrl: metrics, stop: async () => {} };
  }
  console.log(`starting an isolated copy of this project (TASK_WORK_MS=${workload.workMs})…`);
  return startIsolatedSystem(options, { TASK_WORK_MS: String(workload.workMs) }, { skipBuild: !first });
}

const results: WorkloadResult[] = [];
const latencies: LatencyResult[] = [];
/** The no-op workload's count of messages through RabbitMQ alone, once per repetition. */
const brokerRuns: BrokerRun[] = [];
for (const [index, workload] of workloads.entries()) {
  const system = await systemFor(workload, index === 0);
  try {
    const peers: [PeerName, string, () => Promise<PeerRun>][] = [
      [
        "this project",
        describeTps(workload),
        () => runTps(system, workload, system.authorization ?? options.authorization),
      ],
      ["BullMQ", describeBullmq(workload), () => runBullmq(options.redisUrl, workload)],
      ["pg-boss", describePgBoss(workload), () => runPgBoss(options.databaseServer, workload)],
    ];
    if (workload.key === "noop") {
      // On the fresh system, before the bulk runs: their aftermath (autovacuum of 60,000 rows,
      // the trigram index's pending list) would be measured instead. Two seconds at the lowest
      // rate warm the API server up first (JIT), and are not reported.
      const headers = system.authorization ?? options.authorization;
      const warmUp = Math.min(...options.latencyRates);
      if (Number.isFinite(warmUp)) await measureCreateLatency(system.trpcUrl, headers, warmUp, 2);
      for (const rate of options.latencyRates) {
        latencies.push(await measureCreateLatency(system.trpcUrl, headers, rate, options.latencySeconds));
      }
    }
    const result: WorkloadResult = { workload, runs: new Map() };
    for (const [name, configuration] of peers) result.runs.set(name, { configuration, runs: [] });
    for (let rep = 0; rep < options.repetitions; rep++) {
      // Round-robin, and a different system goes first each repetition.
      const order = [...peers.slice(rep % peers.length), ...peers.slice(0, rep % peers.length)];
      for (const [name, , run] of order) {
        const outcome = await run();
        result.runs.get(name)!.runs.push(outcome);
        console.log(`  ${workload.key} rep ${rep + 1}: ${name.padEnd(12)} ${outcome.seconds.toFixed(2)} s`);
      }
      if (workload.key === "noop") {
        const floor = await runBrokerFloor(options.rabbitmqUrl, workload.tasks);
        brokerRuns.push(floor);
        console.log(`  ${workload.key} rep ${rep + 1}: RabbitMQ alone ${floor.seconds.toFixed(2)} s`);
      }
    }
    results.push(result);
  } finally {
    await system.stop();
  }
}

console.log(`\n# bench:peers — ${options.repetitions} repetition(s), round-robin, medians with min–max`);
// The machine may be shared: say how busy it was.
console.log(
  `load average (1 min): ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, ${cpus().length} CPUs`,
);
for (const result of results) {
  console.log(formatWorkload(result));
  if (result.workload.key === "noop" && brokerRuns.length > 0) {
    const bullmq = result.runs.get("BullMQ")?.runs.map((r) => r.seconds) ?? [];
    console.log(
      formatBrokerFloor(result.workload.tasks, brokerRuns, bullmq.length ? median(bullmq) : Number.NaN),
    );
  }
}
if (latencies.length > 0) console.log(formatLatency(latencies));
