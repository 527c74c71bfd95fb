export { MemoryLog, RecordingCancelSignal, RecordingPublisher } from "./fakes";
export { InMemoryTaskStore } from "./in-memory-store";
