export { describeStorageContract, type ForcedState, type StorageHarness } from "./contract";
export {
  ManualChangeFeed,
  MemoryAuditLog,
  MemoryLog,
  RecordingCancelSignal,
  RecordingPublisher,
  StaticConsumers,
  StaticQueue,
} from "./fakes";
export { inMemoryPorts } from "./in-memory-ports";
export { InMemoryTaskStore } from "./in-memory-store";
