import type { TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";

/** The procedures whose calls get a generated key when they carry none: single creates (`trigger` too). */
const KEYED_CREATES = new Set(["tasks.create"]);

/**
 * Gives a create without an `idempotencyKey` one of its own (a random UUID), once per call, before
 * the retry link: every try of the call sends the same key, so a create whose answer was lost can be
 * retried without a second task, and a retry that finds the first create answers with its task
 * (`replayed: true`). A caller's own key is sent as given.
 */
export function generatedKeyLink<TRouter extends AnyRouter>(
  newKey: () => string = () => globalThis.crypto.randomUUID(),
): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) => {
      const input = op.input as Record<string, unknown> | null | undefined;
      const keyless =
        op.type === "mutation" &&
        KEYED_CREATES.has(op.path) &&
        typeof input === "object" &&
        input !== null &&
        !Array.isArray(input) &&
        input.idempotencyKey === undefined;
      return next(keyless ? { ...op, input: { ...input, idempotencyKey: newKey() } } : op);
    };
}
