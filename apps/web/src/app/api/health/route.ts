import { describeError } from "@tps/infra";
import { services } from "@/server/api-context";

export const dynamic = "force-dynamic";

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms)),
  ]);

/** 200 only when PostgreSQL, RabbitMQ and Redis are all reachable; the body names each one. */
export async function GET() {
  const { db, publisher, cancelBus } = services();
  const [postgres, rabbitmq, redis] = await Promise.all([
    withTimeout(db.$queryRaw`SELECT 1`, 3_000, "query").then(
      () => "ok",
      (e: unknown) => `error: ${describeError(e)}`,
    ),
    withTimeout(publisher.check(), 4_000, "connect").then(
      (ok) => (ok ? "ok" : "error: unreachable"),
      (e: Error) => `error: ${e.message}`,
    ),
    withTimeout(cancelBus.ping(), 3_000, "ping").then(
      (ok) => (ok ? "ok" : "error: unreachable"),
      (e: Error) => `error: ${e.message}`,
    ),
  ]);
  const ok = postgres === "ok" && rabbitmq === "ok" && redis === "ok";
  return Response.json(
    { status: ok ? "ok" : "degraded", postgres, rabbitmq, redis },
    { status: ok ? 200 : 503 },
  );
}
