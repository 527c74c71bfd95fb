import { idempotencyKeySchema } from "@tps/core";
import { TRPCError } from "@trpc/server";
import type { RestReply } from "./rest-routes";

/** The request header that carries a create's idempotency key (as the body's `idempotencyKey`). */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** The response header that marks a replay: the task an earlier create with the key made. */
export const REPLAYED_HEADER = "Idempotent-Replayed";

const badRequest = (message: string) => new TRPCError({ code: "BAD_REQUEST", message });

/**
 * The create body with the `Idempotency-Key` header's key as its `idempotencyKey`: checked as the
 * field is (1–200 characters of storable text). A body that gives another key is refused (400);
 * the same key in both is one key. A body that is not an object is left for the procedure to refuse.
 */
export function withIdempotencyKey(body: unknown, headers: Headers): unknown {
  const header = headers.get(IDEMPOTENCY_KEY_HEADER);
  if (header === null) return body;
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success)
    throw badRequest(
      `${IDEMPOTENCY_KEY_HEADER} header: ${key.error.issues.map((i) => i.message).join("; ")}`,
    );
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const given = (body as { idempotencyKey?: unknown }).idempotencyKey;
  if (given !== undefined && given !== key.data)
    throw badRequest(
      `${IDEMPOTENCY_KEY_HEADER} header and body field idempotencyKey differ: give the key once`,
    );
  return { ...body, idempotencyKey: key.data };
}

/** A create's answer: 201 with the task, or for a replay 200 with the same task and `Idempotent-Replayed: true`. */
export function replayReply(result: unknown): RestReply {
  const { replayed, ...task } = result as { replayed?: true };
  return replayed
    ? { status: 200, body: task, headers: { [REPLAYED_HEADER]: "true" } }
    : { status: 201, body: task };
}
