import { SpanKind } from "@opentelemetry/api";
import type { TaskPublisher } from "@tps/core";
import { endSpanAfter, tracer } from "./trace-context";

/**
 * Wraps a publisher's `publish` in a PRODUCER span; the publisher puts that span's context into
 * each message's headers (see publisher.ts), so the consumer's spans join the caller's trace.
 */
export function tracePublisher<P extends TaskPublisher>(publisher: P, queue: string): P {
  const publish = publisher.publish.bind(publisher);
  return {
    ...publisher,
    publish: (ids: readonly number[]) =>
      tracer.startActiveSpan(
        `publish ${queue}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            "messaging.system": "rabbitmq",
            "messaging.operation.type": "send",
            "messaging.destination.name": queue,
            "messaging.batch.message_count": ids.length,
            ...(ids.length === 1 ? { "tps.task.id": ids[0] } : {}),
          },
        },
        (span) => endSpanAfter(span, () => publish(ids)),
      ),
  };
}
