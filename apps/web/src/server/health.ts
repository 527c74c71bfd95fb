import { services } from "./api-context";

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms)),
  ]);

const state = (check: Promise<unknown>) =>
  check.then(
    (ok) => (ok === false ? "down" : "ok"),
    () => "down",
  );

/**
 * Public (load balancers and Docker call it without credentials), so it says only which
 * dependency is down, never why: driver messages name hosts and users. The logs have the details.
 */
export async function healthResponse(): Promise<Response> {
  const { db, publisher, cancelBus } = services();
  const [postgres, rabbitmq, redis] = await Promise.all([
    state(withTimeout(db.$queryRaw`SELECT 1`, 3_000)),
    state(withTimeout(publisher.check(), 4_000)),
    state(withTimeout(cancelBus.ping(), 3_000)),
  ]);
  const ok = postgres === "ok" && rabbitmq === "ok" && redis === "ok";
  return Response.json(
    { status: ok ? "ok" : "degraded", postgres, rabbitmq, redis },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
