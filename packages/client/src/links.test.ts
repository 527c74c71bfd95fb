import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { describe, expect, it } from "vitest";
import { NotFoundError, RateLimitedError, UnavailableError } from "./errors";
import { errorLink, retryLink } from "./links";
import type { AppRouter } from "./router";

type Reply =
  | { error: { code: string; httpStatus: number; headers?: Record<string, string> } }
  | { data: unknown };

/** A terminating link that answers each try from a script and records what it was sent. */
function fakeServer(script: Reply[]) {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const reply = script[Math.min(calls.length - 1, script.length - 1)]!;
        if ("data" in reply) {
          observer.next({ result: { type: "data", data: reply.data } });
          observer.complete();
        } else {
          const { code, httpStatus, headers } = reply.error;
          const shape = { message: code.toLowerCase(), code: -32000, data: { code, httpStatus } };
          observer.error(
            TRPCClientError.from({ error: shape }, { meta: { response: new Response(null, { headers }) } }),
          );
        }
      });
  return { link, calls };
}

function client(script: Reply[], attempts = 3) {
  const server = fakeServer(script);
  const trpc = createTRPCClient<AppRouter>({
    links: [errorLink(), retryLink({ attempts, baseMs: 1 }), server.link],
  });
  return { trpc, calls: server.calls };
}

const unavailable: Reply = { error: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } };
const task = { id: 1, status: "PENDING" };

describe("retry and error links", () => {
  it("retries a query after 503s and resolves with the answer", async () => {
    const { trpc, calls } = client([unavailable, unavailable, { data: task }]);
    await expect(trpc.tasks.get.query({ id: 1 })).resolves.toEqual(task);
    expect(calls).toHaveLength(3);
  });

  it("gives up after `attempts` tries with the mapped error", async () => {
    const { trpc, calls } = client([unavailable], 2);
    await expect(trpc.tasks.get.query({ id: 1 })).rejects.toBeInstanceOf(UnavailableError);
    expect(calls).toHaveLength(2);
  });

  it("does not repeat a mutation without an idempotency key", async () => {
    const { trpc, calls } = client([unavailable, { data: task }]);
    await expect(trpc.tasks.create.mutate({ payload: "x" })).rejects.toBeInstanceOf(UnavailableError);
    expect(calls).toHaveLength(1);
  });

  it("repeats a mutation that carries an idempotency key", async () => {
    const { trpc, calls } = client([unavailable, { data: task }]);
    // The key is checked generically: the server side adds it to the create input.
    const input = { payload: "x", idempotencyKey: "order-42" } as { payload: string };
    await expect(trpc.tasks.create.mutate(input)).resolves.toEqual(task);
    expect(calls.map((c) => c.input)).toEqual([input, input]);
  });

  it("waits Retry-After seconds before retrying a 429", async () => {
    const limited: Reply = {
      error: { code: "TOO_MANY_REQUESTS", httpStatus: 429, headers: { "retry-after": "1" } },
    };
    const { trpc, calls } = client([limited, { data: task }]);
    const started = Date.now();
    await expect(trpc.tasks.get.query({ id: 1 })).resolves.toEqual(task);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toHaveLength(2);
  });

  it("rejects at once with typed errors that are not transient", async () => {
    const { trpc, calls } = client([{ error: { code: "NOT_FOUND", httpStatus: 404 } }]);
    const error = await trpc.tasks.get.query({ id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    expect(calls).toHaveLength(1);
  });

  it("reports a 429 that is not retried as RateLimitedError with retryAfter", async () => {
    const limited: Reply = {
      error: { code: "TOO_MANY_REQUESTS", httpStatus: 429, headers: { "retry-after": "120" } },
    };
    const { trpc } = client([limited]);
    await expect(trpc.tasks.get.query({ id: 1 })).rejects.toMatchObject({ retryAfter: 120 });
    await expect(trpc.tasks.get.query({ id: 1 })).rejects.toBeInstanceOf(RateLimitedError);
  });
});
