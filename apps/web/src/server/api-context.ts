import type { ApiContext } from "@tps/api";
import { createApiServices, createLogger } from "@tps/infra";
import { apiAdmission } from "./api-admission";
import { authSecret } from "./auth/auth-secret";
import { createAuth } from "./auth/create-auth";
import { createIdentityAdmin } from "./auth/identity-admin";
import { createPrincipalResolver } from "./auth/principal";
import { env } from "./env";
import { webMetrics } from "./metrics";
import { createWebRateLimiter } from "./rate-limits";
import { createTrpcHandler } from "./trpc-handler";

/** The console's public address and the origins allowed to sign in and send mutations. */
export function origins() {
  const baseURL = (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const local = env.AUTH_URL ? [] : [`http://127.0.0.1:${env.PORT}`];
  const extra = (env.AUTH_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return { baseURL, trustedOrigins: [...local, ...extra] };
}

function createServices() {
  const log = createLogger("web", env.LOG_LEVEL);
  const services = createApiServices({
    databaseUrl: env.DATABASE_URL,
    rabbitmqUrl: env.RABBITMQ_URL,
    redisUrl: env.REDIS_URL,
    queue: env.TASK_QUEUE,
    poolSize: env.DB_POOL_SIZE,
    log,
    onCreateBatch: (_calls, tasks) => webMetrics.createBatchTasks.observe(tasks),
  });
  webMetrics.readBreaker("cancel_signals", () => services.cancelBus.breakerOpen());
  const { baseURL, trustedOrigins } = origins();
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET }
      : undefined;
  const auth = createAuth({
    db: services.db,
    secret: authSecret(env),
    baseURL,
    trustedOrigins,
    oidc,
    log,
  });
  const principals = createPrincipalResolver(auth, services.db);
  const context: Omit<ApiContext, "principal"> = {
    ...services.context,
    identity: createIdentityAdmin(auth, services.db, principals.forgetKeys),
    rateLimit: createWebRateLimiter(log),
    observe: {
      request: (procedure, outcome, seconds) =>
        webMetrics.requestDuration.observe({ procedure, outcome }, seconds),
      tasksCreated: (count) => webMetrics.tasksCreated.inc(count),
    },
  };
  const trpc = createTrpcHandler({
    context,
    resolvePrincipal: principals.resolve,
    maxBodyBytes: env.API_MAX_BODY_BYTES,
    maxBatchSize: 20,
    trustedOrigins: [baseURL, ...trustedOrigins],
    admission: apiAdmission,
  });
  const close = async () => {
    await services.close();
    await context.rateLimit?.close().catch(() => {});
  };
  return { ...services, close, log, context, auth, principals, trpc, baseURL };
}

// Created on first use (never during `next build`) and shared by every route of the process.
const holder = globalThis as typeof globalThis & {
  __tpsServices?: ReturnType<typeof createServices>;
};

export function services() {
  holder.__tpsServices ??= createServices();
  return holder.__tpsServices;
}
