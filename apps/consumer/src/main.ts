import { createLogger, startTelemetry } from "@tps/infra";
import { createConsumerMetrics, StartupError } from "@tps/worker/internal";
import { startConsumerApp } from "./consumer-app";
import { parseConsumerEnv } from "./env";

const env = parseConsumerEnv(process.env);
const log = createLogger("consumer", env.LOG_LEVEL);
// Before anything opens a connection, so every span has a provider; a no-op without an endpoint.
const telemetry = startTelemetry("tps-consumer", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });

async function main() {
  const app = await startConsumerApp({ config: env, log, metrics: createConsumerMetrics(undefined, true) });
  log.info(
    {
      port: app.port,
      queue: env.TASK_QUEUE,
      prefetch: env.PREFETCH,
      batchSize: env.BATCH_SIZE,
      workMs: env.TASK_WORK_MS,
    },
    "consumer started",
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    closing = true;
    log.info({ signal, inFlight: app.worker.inFlight }, "shutting down: draining in-flight work");
    setTimeout(() => {
      log.error({}, "shutdown deadline passed; exiting with work unsettled (leases will lapse)");
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS + 15_000).unref();
    await app.stop();
    await telemetry.shutdown().catch((err: unknown) => log.warn({ err }, "could not flush the last spans"));
    log.info({}, "consumer stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) log.fatal({}, error.message);
  else log.fatal({ err: error }, "consumer failed to start");
  process.exit(1);
});
