export {
  type DeadLetterHarness,
  describeDeadLetterContract,
  describeStorageContract,
  type ForcedState,
  type StorageHarness,
} from "./contract";
export * from "./fakes";
export { InMemoryDeadLetterQueue } from "./in-memory-dead-letters";
export { inMemoryPorts } from "./in-memory-ports";
export { InMemoryTaskStore } from "./in-memory-store";
