import { DependencyUnavailableError } from "../domain/errors";
import { applyPause, applyResume, type ProcessingState, RUNNING } from "../domain/processing";
import type { ProcessingControl } from "../ports";

/** The processing switch in memory; `failing` makes every call reject, like a database outage. */
export class InMemoryProcessingControl implements ProcessingControl {
  state: ProcessingState = RUNNING;
  failing = false;
  calls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private check() {
    this.calls++;
    if (this.failing) throw new DependencyUnavailableError("database");
  }

  async status(): Promise<ProcessingState> {
    this.check();
    return this.state;
  }

  async pause(actor: string, reason?: string | null): Promise<ProcessingState> {
    this.check();
    this.state = applyPause(this.state, actor, reason ?? null, new Date(this.now()).toISOString());
    return this.state;
  }

  async resume(actor: string): Promise<ProcessingState> {
    this.check();
    this.state = applyResume(this.state, actor, new Date(this.now()).toISOString());
    return this.state;
  }
}
