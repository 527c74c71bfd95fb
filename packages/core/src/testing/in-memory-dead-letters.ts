import {
  type DeadLetter,
  type DeadLetterPage,
  type DeadLetterSelection,
  MAX_DEAD_LETTER_BODY,
  MAX_DEAD_LETTERS_PER_CALL,
  type PurgeResult,
  type RedriveResult,
} from "../domain/dead-letter";
import { DependencyUnavailableError } from "../domain/errors";
import { decodeTaskMessage } from "../domain/message";
import type { DeadLetterQueue } from "../ports";

/** The dead-letter queue in memory, held to the same contract as the RabbitMQ adapter. */
export class InMemoryDeadLetterQueue implements DeadLetterQueue {
  private letters: DeadLetter[] = [];
  /** Bodies published back to the work queue, oldest first. */
  readonly redriven: string[] = [];
  /** When true, every call fails like an unreachable broker. */
  unavailable = false;
  private next = 1;

  /** Dead-letters a message, as a consumer's reject would. */
  add(body: string, { messageId, reason = "rejected" }: { messageId?: string; reason?: string } = {}) {
    const at = new Date().toISOString();
    const bytes = Buffer.from(body);
    this.letters.push({
      key: messageId ?? `mem-${this.next++}`,
      body: body.slice(0, MAX_DEAD_LETTER_BODY),
      bodyBytes: bytes.length,
      taskId: decodeTaskMessage(bytes),
      reason,
      deathCount: 1,
      firstDeathAt: at,
      lastDeathAt: at,
    });
  }

  private check() {
    if (this.unavailable) throw new DependencyUnavailableError("broker");
  }

  private select(selection: DeadLetterSelection) {
    const head = this.letters.slice(0, MAX_DEAD_LETTERS_PER_CALL);
    if ("all" in selection) return { chosen: head, missing: 0 };
    const keys = new Set(selection.keys);
    const chosen = head.filter((l) => keys.has(l.key));
    const found = new Set(chosen.map((l) => l.key));
    return { chosen, missing: [...keys].filter((k) => !found.has(k)).length };
  }

  private remove(letters: readonly DeadLetter[]) {
    const gone = new Set(letters);
    this.letters = this.letters.filter((l) => !gone.has(l));
  }

  async list(limit: number): Promise<DeadLetterPage> {
    this.check();
    return { items: this.letters.slice(0, limit).map((l) => ({ ...l })), depth: this.letters.length };
  }

  async redrive(
    selection: DeadLetterSelection,
    drop: (letters: readonly DeadLetter[]) => Promise<ReadonlySet<string>>,
  ): Promise<RedriveResult> {
    this.check();
    const { chosen, missing } = this.select(selection);
    const dropped = chosen.length ? await drop(chosen.map((l) => ({ ...l }))) : new Set<string>();
    const republish = chosen.filter((l) => !dropped.has(l.key));
    this.remove(chosen);
    this.redriven.push(...republish.map((l) => l.body));
    return { redriven: republish.length, dropped: chosen.length - republish.length, missing };
  }

  async purge(selection: DeadLetterSelection): Promise<PurgeResult> {
    this.check();
    // All means the whole queue here, as RabbitMQ's queue purge does.
    const { chosen, missing } =
      "all" in selection ? { chosen: this.letters, missing: 0 } : this.select(selection);
    this.remove(chosen);
    return { purged: chosen.length, missing };
  }
}
