export {
  type DeadLetterHarness,
  describeDeadLetterContract,
  describeProcessingControlContract,
  describeStorageContract,
  type ForcedState,
  type StorageHarness,
} from "./contract";
export { describeAuditLogContract } from "./contract/audit-log-contract";
export * from "./fakes";
export { InMemoryDeadLetterQueue } from "./in-memory-dead-letters";
export { inMemoryPorts } from "./in-memory-ports";
export { InMemoryProcessingControl } from "./in-memory-processing-control";
export { InMemoryTaskStore } from "./in-memory-store";
export { FAILED_THEN_RETRIED_EVENTS } from "./timelines";
export { typeRegistration } from "./type-registration";
