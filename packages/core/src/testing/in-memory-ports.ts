import type { ApiPorts, AuditLog } from "../ports";
import * as fake from "./fakes";
import { InMemoryDeadLetterQueue } from "./in-memory-dead-letters";
import { InMemoryProcessingControl } from "./in-memory-processing-control";
import { InMemoryTaskStore } from "./in-memory-store";

/** Every port the API's use cases run on, in memory: for unit tests of procedures and use cases. */
export function inMemoryPorts() {
  return {
    repo: new InMemoryTaskStore(),
    publisher: new fake.RecordingPublisher(),
    cancelSignal: new fake.RecordingCancelSignal(),
    consumers: new fake.StaticConsumers(),
    queue: new fake.StaticQueue(),
    changes: new fake.ManualChangeFeed(),
    processing: new InMemoryProcessingControl(),
    log: new fake.MemoryLog(),
    audit: new fake.MemoryAuditLog(),
    deadLetters: new InMemoryDeadLetterQueue(),
  } satisfies ApiPorts & { audit: AuditLog };
}
