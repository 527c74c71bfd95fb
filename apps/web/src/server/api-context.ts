import { type ApiContext, AUDITED_AFTER_ANSWER, createRateLimiter } from "@tps/api";
import { createApiServices, createLogger } from "@tps/infra";
import { apiAdmission } from "./api-admission";
import { authSecret } from "./auth/auth-secret";
import { createAuth } from "./auth/create-auth";
import { createIdentityAdmin } from "./auth/identity-admin";
import { createPrincipalResolver } from "./auth/principal";
import { env } from "./env";
import { webMetrics } from "./metrics";
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
    rateLimit: createRateLimiter({ perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST }),
    // Only the API server writes the audit rows under way before it exits (see answerBeforeAudit).
    auditAfterAnswer: holder.__tpsAuditAfterAnswer ? AUDITED_AFTER_ANSWER : undefined,
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
  return { ...services, log, context, auth, principals, trpc, baseURL };
}

// Created on first use (never during `next build`) and shared by every route of the process.
const holder = globalThis as typeof globalThis & {
  __tpsServices?: ReturnType<typeof createServices>;
  __tpsAuditAfterAnswer?: boolean;
};

/**
 * Called by the API server before it serves: its SIGTERM handler closes the services, which writes
 * the audit rows under way first, so creates (AUDITED_AFTER_ANSWER) may be answered before their
 * row. The web process does not call it: Next.js owns its signal handlers.
 */
export function answerBeforeAudit() {
  if (holder.__tpsServices) throw new Error("answerBeforeAudit() must run before services()");
  holder.__tpsAuditAfterAnswer = true;
}
export function services() {
  holder.__tpsServices ??= createServices();
  return holder.__tpsServices;
}
