import {
  type Context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { Settlement, WorkStore } from "@tps/core";
import { contextFromHeaders, endSpanAfter, tracer } from "@tps/infra";
import type { Delivery } from "./delivery";
import { abortCodeOf } from "./errors";
import { callWork, type WorkFn, type WorkOutput } from "./work";

interface Traced {
  /** The context the publisher sent (the task's trace); ROOT when the message carried none. */
  message: Context;
  /** The task's latest work span, once work started (its identity only: not the ended span). */
  work?: SpanContext;
}

const linkTo = (spanContext: SpanContext | undefined): Link[] =>
  spanContext ? [{ context: spanContext }] : [];

/** A delivery whose answer (ack, requeue, dead-letter) also forgets its task's trace entry. */
class TrackedDelivery implements Delivery {
  readonly taskId: number;
  readonly redelivered: boolean;

  constructor(
    private readonly inner: Delivery,
    private readonly traces: Map<number, Traced>,
    private readonly entry: Traced,
  ) {
    this.taskId = inner.taskId!;
    this.redelivered = inner.redelivered;
  }

  private forget() {
    if (this.traces.get(this.taskId) === this.entry) this.traces.delete(this.taskId);
  }
  ack() {
    this.forget();
    this.inner.ack();
  }
  requeue() {
    this.forget();
    this.inner.requeue();
  }
  deadLetter() {
    this.forget();
    this.inner.deadLetter();
  }
}

/** Ends the work span when the work settles; keeps only the span and the signal meanwhile. */
async function recordWork(
  span: Span,
  // biome-ignore lint/suspicious/noConfusingVoidType: see WorkFn
  running: Promise<WorkOutput | void>,
  signal: AbortSignal,
  // biome-ignore lint/suspicious/noConfusingVoidType: see WorkFn
): Promise<WorkOutput | void> {
  try {
    return await running;
  } catch (error) {
    const reason = signal.aborted ? (abortCodeOf(signal) ?? String(signal.reason)) : null;
    if (reason) span.setAttribute("tps.work.stopped", reason);
    else span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

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
  const messageSpan = (id: number) => {
    const message = byTask.get(id)?.message;
    return message && trace.getSpanContext(message);
  };

  /** Remembers the message's trace context until the worker acks, requeues or dead-letters it. */
  function track(delivery: Delivery, headers: Record<string, unknown> | undefined): Delivery {
    if (!enabled || delivery.taskId === null) return delivery;
    const entry: Traced = { message: contextFromHeaders(headers) };
    byTask.set(delivery.taskId, entry);
    return new TrackedDelivery(delivery, byTask, entry);
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
      claim: (ids, owner, leaseMs, lapse) =>
        batchSpan(
          "claim",
          ids.flatMap((id) => linkTo(messageSpan(id))),
          ids.length,
          () => inner.claim(ids, owner, leaseMs, lapse),
        ),
      settle: (settlements: readonly Settlement[], owner) =>
        batchSpan(
          "settle",
          settlements.flatMap(({ id }) => linkTo(byTask.get(id)?.work ?? messageSpan(id))),
          settlements.length,
          () => inner.settle(settlements, owner),
        ),
    };
  }

  /**
   * Runs the work inside its span. Nothing that outlives the start holds the task (whose payload
   * may be large): the span is ended by `recordWork`, which sees only the span and the signal.
   */
  function work(inner: WorkFn): WorkFn {
    if (!enabled) return inner;
    return (task, signal) => {
      const entry = byTask.get(task.id);
      const attributes = {
        "tps.task.id": task.id,
        "tps.task.type": task.type,
        "tps.task.attempt": task.attempts,
      };
      return tracer.startActiveSpan(
        "work",
        { kind: SpanKind.CONSUMER, attributes },
        entry?.message ?? ROOT_CONTEXT,
        (span) => {
          if (entry) entry.work = span.spanContext();
          return recordWork(span, callWork(inner, task, signal), signal);
        },
      );
    };
  }

  /** The trace id of a task's work span (sampled only), for exemplars; undefined when untraced. */
  function traceIdOf(taskId: number): string | undefined {
    const spanContext = byTask.get(taskId)?.work;
    return spanContext && spanContext.traceFlags & 1 ? spanContext.traceId : undefined;
  }

  return { track, store, work, traceIdOf };
}
