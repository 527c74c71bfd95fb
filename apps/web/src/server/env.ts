import { parseRateLimitsSetting } from "@tps/api";
import { parseEnv, sharedEnv } from "@tps/infra";
import { z } from "zod";
import { weakKeyReason } from "./auth/key-strength";
import { trustProxies } from "./client-address";

const optionalUrl = z.url().optional();

/** The web app's configuration (PORT is read by `next start` itself; default 3000). */
export const env = parseEnv(
  {
    ...sharedEnv,
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    /** The dedicated API server's port (`npm start` runs it only when this is set). */
    API_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    /** The address it listens on (all interfaces by default). */
    API_HOST: z.string().default("0.0.0.0"),
    /** Processes of the API server sharing API_PORT (node:cluster); 1 = no cluster. */
    API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    NODE_ENV: z.string().default("development"),
    /** Signs sessions; required in production (see auth-secret.ts for development). */
    AUTH_SECRET: z.string().min(32, "must have at least 32 characters").optional(),
    /** The console's public address (sign-in links, secure cookies when https). */
    AUTH_URL: optionalUrl,
    /** More origins allowed to send cookie-authenticated requests, comma-separated. */
    AUTH_TRUSTED_ORIGINS: z.string().optional(),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, "must have at least 12 characters").optional(),
    /**
     * Bootstrap only: registered once as the first admin key, for a first deploy's automation;
     * create named keys in the console and revoke this one. Checked for entropy (key-strength.ts).
     */
    ADMIN_API_KEY: z
      .string()
      .superRefine((key, ctx) => {
        const weak = weakKeyReason(key);
        if (weak) ctx.addIssue({ code: "custom", message: weak });
      })
      .optional(),
    /** Optional single sign-on through any OpenID Connect provider. */
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** When set, /api/metrics requires `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(16, "must have at least 16 characters").optional(),
    /**
     * Creates per principal, every role: sustained calls per second and burst. 0 lifts the creates,
     * bulk and calls limits (benchmarks); streams, refusals and sign-in stay limited.
     */
    RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(50),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
    /** Per-role limits over the defaults, as JSON (docs/security.md, "Rate limits"). */
    RATE_LIMITS: z.string().optional().superRefine(parses(parseRateLimitsSetting)),
    /** Proxies whose X-Forwarded-For is believed: addresses, CIDRs, loopback/linklocal/uniquelocal. */
    TRUSTED_PROXIES: z.string().optional().superRefine(parses(trustProxies)),
    /** Failed sign-ins per account, and per client address, within the window; past them, 429. */
    SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Grafana and RabbitMQ management addresses (as the operator's browser reaches them): the console
     * header links to them when set. */
    GRAFANA_URL: optionalUrl,
    RABBITMQ_MANAGEMENT_URL: optionalUrl,
    /**
     * API requests (tRPC and REST) worked on at once per web process; past it a request gets 503
     * with Retry-After at once instead of queueing behind the database pool (0 = no limit, the
     * default). Streams do not count. It sheds load when the database is the bottleneck; when the
     * web's own CPU is (Next's request handling), refusals cost nearly as much as work (docs/benchmarks.md).
     */
    API_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(0),
    /** Largest tRPC request body accepted, in bytes (a createMany of 16 MiB fits). */
    API_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1024 * 1024),
  },
  process.env,
);

/** A check that `parse` accepts the value, with its error message as the reason. */
function parses(parse: (value: string | undefined) => unknown) {
  return (value: string | undefined, ctx: z.RefinementCtx) => {
    try {
      parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  };
}
