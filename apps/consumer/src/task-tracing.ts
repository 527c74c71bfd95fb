import { type Context, type Link, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Settlement, WorkStore } from "@tps/core";
import { contextFromHeaders, endSpanAfter, tracer } from "@tps/infra";
import type { WorkFn } from "./simulated-work";
import type { Delivery } from "./worker";

interface Traced {
  /** The context the publisher sent (the task's trace); ROOT when the message carried none. */
  message: Context;
  /** The task's latest work span, once work started. */
  work?: Context;
}

const linkTo = (ctx: Context | undefined): Link[] => {
  const spanContext = ctx && trace.getSpanContext(ctx);
  return spanContext ? [{ context: spanContext }] : [];
};

/**
 * The consumer's spans, added around the worker's IO without changing the worker:
 * - `work` (one per attempt) is a child of the publish span whose `traceparent` the message
 *   carried, so it lands in the task's own trace, next to the API call that created it;
 * - `claim` and `settle` are one span per batch statement (that is what runs: one UPDATE for up to
 *   BATCH_SIZE tasks), each the root of its own small trace, with a span link to every task it
 *   covered (claim → the task's publish span, settle → the task's work span).
 * `enabled: false` (no SDK registered) returns everything unchanged: no bookkeeping at all.
 */
export function createTaskTracing(enabled: boolean) {
  const byTask = new Map<number, Traced>();

  /** Remembers the delivery's trace context until the worker acks, requeues or dead-letters it. */
  function track(delivery: Delivery): Delivery {
    const id = delivery.taskId;
    if (!enabled || id === null) return delivery;
    const entry: Traced = { message: contextFromHeaders(delivery.headers) };
    byTask.set(id, entry);
    const forget =
      (act: () => void): (() => void) =>
      () => {
        if (byTask.get(id) === entry) byTask.delete(id);
        act();
      };
    return {
      ...delivery,
      ack: forget(delivery.ack),
      requeue: forget(delivery.requeue),
      deadLetter: forget(delivery.deadLetter),
    };
  }

  function batchSpan<T>(name: string, links: Link[], size: number, run: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(
      name,
      { root: true, kind: SpanKind.INTERNAL, links, attributes: { "tps.batch.size": size } },
      (span) => endSpanAfter(span, run),
    );
  }

  function store(inner: WorkStore): WorkStore {
    if (!enabled) return inner;
    return {
      ...inner,
      claim: (ids, owner, leaseMs) =>
        batchSpan(
          "claim",
          ids.flatMap((id) => linkTo(byTask.get(id)?.message)),
          ids.length,
          () => inner.claim(ids, owner, leaseMs),
        ),
      settle: (settlements: readonly Settlement[], owner) =>
        batchSpan(
          "settle",
          settlements.flatMap(({ id }) => linkTo(byTask.get(id)?.work ?? byTask.get(id)?.message)),
          settlements.length,
          () => inner.settle(settlements, owner),
        ),
    };
  }

  function work(inner: WorkFn): WorkFn {
    if (!enabled) return inner;
    return (task, signal) => {
      const entry = byTask.get(task.id);
      const attributes = { "tps.task.id": task.id, "tps.task.attempt": task.attempts };
      return tracer.startActiveSpan(
        "work",
        { kind: SpanKind.CONSUMER, attributes },
        entry?.message ?? ROOT_CONTEXT,
        async (span) => {
          if (entry) entry.work = trace.setSpan(entry.message, span);
          try {
            return await inner(task, signal);
          } catch (error) {
            const reason = signal.aborted ? String(signal.reason) : null;
            if (reason) span.setAttribute("tps.work.stopped", reason);
            else span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    };
  }

  /** The trace id of a task's work span (sampled only), for exemplars; undefined when untraced. */
  function traceIdOf(taskId: number): string | undefined {
    const ctx = byTask.get(taskId)?.work;
    const spanContext = ctx && trace.getSpanContext(ctx);
    return spanContext && spanContext.traceFlags & 1 ? spanContext.traceId : undefined;
  }

  return { track, store, work, traceIdOf };
}
