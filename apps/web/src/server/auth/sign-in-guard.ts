import type { LimitStore, Rule } from "@tps/api";
import type { AuditLog, Log } from "@tps/core";
import { clientAddress, type TrustProxy } from "../client-address";

export interface SignInGuardConfig {
  /** Shared counters (the API's limiter store: Redis, with its in-memory fallback). */
  store: LimitStore;
  audit: AuditLog;
  trust: TrustProxy;
  /** Failures allowed per account (email) and per client address, in a window. */
  perAccount: Rule;
  perAddress: Rule;
  log?: Log;
}

/** better-auth's handler, or anything that answers a Request. */
type Handle = (req: Request) => Promise<Response>;

/** A sign-in body is an email and a password: anything larger is refused before it is read on. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Email + password sign-ins (`POST …/sign-in/email`), limited and audited; other auth requests
 * pass through. An account (email) with `perAccount` failures in its window, or an address with
 * `perAddress`, is answered 429 with Retry-After without checking the password, so the right
 * password does not get in either (nothing to learn by guessing on). A successful sign-in clears
 * the account's count. Every attempt is audited (`auth.signIn`, actor = the email tried, target =
 * the client address; never the password): ok, UNAUTHORIZED, or TOO_MANY_REQUESTS (once per
 * locked window, so a locked account's flood writes one row, not one per try).
 */
export function createSignInGuard(config: SignInGuardConfig) {
  const { store, perAccount, perAddress } = config;
  const lockAudited: Rule = { points: 1, seconds: Math.max(perAccount.seconds, perAddress.seconds) };

  async function audit(email: string, address: string, outcome: string, actorId = "") {
    await config.audit
      .record({
        actorId,
        actor: email || "(no email)",
        via: "session",
        procedure: "auth.signIn",
        target: `address=${address}`,
        outcome,
      })
      .catch((err: unknown) => config.log?.error({ err }, "could not write the audit log"));
  }

  return async (req: Request, handle: Handle): Promise<Response> => {
    if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/sign-in/email")) {
      return withRetryAfter(await handle(req));
    }
    const body = await readCapped(req);
    if (body === null) return Response.json({ code: "PAYLOAD_TOO_LARGE" }, { status: 413 });
    const email = emailOf(body);
    const address = clientAddress(req.headers, config.trust);

    const waits = await Promise.all([
      email ? store.spent("signin-account", perAccount, email) : 0,
      store.spent("signin-address", perAddress, address),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      const lockKey = waits[0]! > 0 ? `account:${email}` : `address:${address}`;
      if ((await store.take("signin-lock-audited", lockAudited, lockKey)) === 0) {
        await audit(email, address, "TOO_MANY_REQUESTS");
      }
      return Response.json(
        { code: "TOO_MANY_REQUESTS", message: `too many failed sign-ins, retry in ${wait} s` },
        { status: 429, headers: { "retry-after": String(wait) } },
      );
    }

    const response = withRetryAfter(await handle(req));
    if (response.ok) {
      const userId = await response
        .clone()
        .json()
        .then((json: { user?: { id?: unknown } }) => (typeof json.user?.id === "string" ? json.user.id : ""))
        .catch(() => "");
      if (email) await store.reset("signin-account", perAccount, email);
      await audit(email, address, "ok", userId);
    } else if (response.status === 401 || response.status === 403) {
      await Promise.all([
        email ? store.take("signin-account", perAccount, email) : 0,
        store.take("signin-address", perAddress, address),
      ]);
      await audit(email, address, "UNAUTHORIZED");
    }
    return response;
  };
}

/**
 * better-auth's own limiter (on in production: per process, 3 sign-ins per 10 s per address) says
 * when to retry in `X-Retry-After` only: every 429 here carries the standard `Retry-After` too.
 */
function withRetryAfter(response: Response): Response {
  const seconds = response.headers.get("x-retry-after");
  if (response.status !== 429 || response.headers.has("retry-after") || !seconds) return response;
  try {
    response.headers.set("retry-after", seconds);
    return response;
  } catch {
    const copy = new Response(response.body, response); // immutable headers: the same body in a copy
    copy.headers.set("retry-after", seconds);
    return copy;
  }
}

/** The body as text, or null when it is over MAX_BODY_BYTES (read from a copy: better-auth reads the original). */
async function readCapped(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  const reader = req.clone().body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Both halves of the copy (a tee) are dropped; cancelling one waits for the other, so neither is awaited.
      reader.cancel().catch(() => {});
      req.body?.cancel().catch(() => {});
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** The email tried, as better-auth compares it (lower case), bounded; "" when there is none. */
function emailOf(body: string): string {
  try {
    const email = (JSON.parse(body) as { email?: unknown }).email;
    return typeof email === "string" ? email.trim().toLowerCase().slice(0, 254) : "";
  } catch {
    return "";
  }
}
