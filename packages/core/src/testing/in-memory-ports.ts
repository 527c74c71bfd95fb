import type { ApiPorts, AuditLog } from "../ports";
import {
  ManualChangeFeed,
  MemoryAuditLog,
  MemoryLog,
  RecordingCancelSignal,
  RecordingPublisher,
  StaticConsumers,
  StaticQueue,
} from "./fakes";
import { InMemoryTaskStore } from "./in-memory-store";

/** Every port the API's use cases run on, in memory: for unit tests of procedures and use cases. */
export function inMemoryPorts() {
  return {
    repo: new InMemoryTaskStore(),
    publisher: new RecordingPublisher(),
    cancelSignal: new RecordingCancelSignal(),
    consumers: new StaticConsumers(),
    queue: new StaticQueue(),
    changes: new ManualChangeFeed(),
    log: new MemoryLog(),
    audit: new MemoryAuditLog(),
  } satisfies ApiPorts & { audit: AuditLog };
}
