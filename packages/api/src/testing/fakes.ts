import type { CancelSignal, Log, TaskPublisher } from "../ports";

/** Records published ids; `failNext` makes the next publish reject, like a broker outage. */
export class RecordingPublisher implements TaskPublisher {
  readonly published: number[] = [];
  failNext = false;

  async publish(ids: readonly number[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("broker unreachable");
    }
    this.published.push(...ids);
  }
}

export class RecordingCancelSignal implements CancelSignal {
  readonly announced: number[] = [];
  fail = false;

  async announce(id: number): Promise<void> {
    if (this.fail) throw new Error("cache unreachable");
    this.announced.push(id);
  }
}

export interface LogEntry {
  level: "info" | "warn" | "error";
  context: object;
  message: string;
}

export class MemoryLog implements Log {
  readonly entries: LogEntry[] = [];
  info(context: object, message: string) {
    this.entries.push({ level: "info", context, message });
  }
  warn(context: object, message: string) {
    this.entries.push({ level: "warn", context, message });
  }
  error(context: object, message: string) {
    this.entries.push({ level: "error", context, message });
  }
}
