import type { TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { type RetryOptions, retryDelayMs } from "./retry-policy";
import { toTasksApiError } from "./to-error";

/**
 * Retries an operation that failed transiently, when repeating it is safe (see `retryDelayMs`).
 * Each try goes down the rest of the chain again; a pending wait ends when the call is aborted.
 */
export function retryLink<TRouter extends AnyRouter>(
  options: RetryOptions,
  random?: () => number,
): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | null = null;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const attempt = (n: number) => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const delay =
                op.type === "subscription" || op.signal?.aborted
                  ? null
                  : retryDelayMs(op, toTasksApiError(error), n, options, random);
              if (delay === null) observer.error(error);
              else timer = setTimeout(() => attempt(n + 1), delay);
            },
          });
        };
        const onAbort = () => clearTimeout(timer);
        op.signal?.addEventListener("abort", onAbort, { once: true });
        attempt(1);
        return () => {
          clearTimeout(timer);
          op.signal?.removeEventListener("abort", onAbort);
          current?.unsubscribe();
        };
      });
}

/** Makes every call reject with a `TasksApiError` subclass (see `toTasksApiError`). */
export function errorLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const subscription = next(op).subscribe({
          next: (value) => observer.next(value),
          complete: () => observer.complete(),
          error: (error) => observer.error(toTasksApiError(error)),
        });
        return () => subscription.unsubscribe();
      });
}
