import { SpanKind } from "@opentelemetry/api";
import type { TaskPublisher, TaskRef } from "@tps/core";
import { endSpanAfter, tracer } from "./trace-context";

/**
 * Wraps a publisher's `publish` in a PRODUCER span; the publisher puts that span's context into
 * each message's headers (see publisher.ts), so the consumer's spans join the caller's trace.
 */
export function tracePublisher<P extends TaskPublisher>(publisher: P, queue: string): P {
  const publish = publisher.publish.bind(publisher);
  return {
    ...publisher,
    publish: (tasks: readonly TaskRef[]) =>
      tracer.startActiveSpan(
        `publish ${queue}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            "messaging.system": "rabbitmq",
            "messaging.operation.type": "send",
            "messaging.destination.name": queue,
            "messaging.batch.message_count": tasks.length,
            ...(tasks.length === 1 ? { "tps.task.id": tasks[0]!.id, "tps.task.type": tasks[0]!.type } : {}),
          },
        },
        (span) => endSpanAfter(span, () => publish(tasks)),
      ),
  };
}
