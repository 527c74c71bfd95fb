export { describeStorageContract, type ForcedState, type StorageHarness } from "./contract";
export * from "./fakes";
export { inMemoryPorts } from "./in-memory-ports";
export { InMemoryTaskStore } from "./in-memory-store";
