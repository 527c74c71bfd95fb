import type { ApiPorts, AuditLog } from "../ports";
import { createTaskIntake } from "../use-cases/task-intake";
import * as fake from "./fakes";
import { InMemoryDeadLetterQueue } from "./in-memory-dead-letters";
import { InMemoryProcessingControl } from "./in-memory-processing-control";
import { InMemoryTaskStore } from "./in-memory-store";

/** Every port the API's use cases run on, in memory: for unit tests of procedures and use cases. */
export function inMemoryPorts() {
  const repo = new InMemoryTaskStore();
  const publisher = new fake.RecordingPublisher();
  const log = new fake.MemoryLog();
  return {
    repo,
    publisher,
    intake: createTaskIntake({ repo, publisher, log }),
    cancelSignal: new fake.RecordingCancelSignal(),
    consumers: new fake.StaticConsumers(),
    queue: new fake.StaticQueue(),
    changes: new fake.ManualChangeFeed(),
    processing: new InMemoryProcessingControl(),
    log,
    audit: new fake.MemoryAuditLog(),
    deadLetters: new InMemoryDeadLetterQueue(),
    types: new fake.StaticTypeCatalog(),
  } satisfies ApiPorts & { audit: AuditLog };
}
