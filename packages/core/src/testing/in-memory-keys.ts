import { differenceOf, IdempotencyConflictError, scopedKeyOf } from "../domain/idempotency";
import type { NewTask, Task } from "../domain/task";
import { SLEEP_TYPE } from "../domain/task-type";

/** What an idempotent insert does with one item: insert it, or return a task (stored, or the call's own). */
export type KeyPlan = { insert: true } | { existing: number } | { sameAs: number };

type Held = Pick<Task, "type" | "payload">;

/**
 * The in-memory store's idempotency keys, as the PostgreSQL adapter keeps them: one task per scope
 * and key (a key without a scope is a key stored before scopes, and every scope's), each counting
 * only while its task is younger than the window (`live`).
 */
export class InMemoryKeys {
  private readonly scoped = new Map<string, number>();
  private readonly legacy = new Map<string, number>();

  /** Decides every item of a call before anything is inserted: throws on a conflict, like the SQL. */
  plan(items: readonly NewTask[], live: (id: number) => Held | undefined): KeyPlan[] {
    const firstInCall = new Map<string, number>();
    return items.map((item, index): KeyPlan => {
      const sk = scopedKeyOf(item);
      if (!sk) return { insert: true };
      const name = JSON.stringify([sk.scope, sk.key]);
      const earlier = firstInCall.get(name);
      const holder = earlier === undefined ? this.holder(name, sk.key, live) : undefined;
      const held = earlier !== undefined ? asHeld(items[earlier]!) : holder && live(holder);
      if (!held) {
        firstInCall.set(name, index);
        return { insert: true };
      }
      const differs = differenceOf(held, item);
      if (differs) throw new IdempotencyConflictError(index, sk.key, differs);
      return earlier !== undefined ? { sameAs: earlier } : { existing: holder! };
    });
  }

  private holder(name: string, key: string, live: (id: number) => Held | undefined): number | undefined {
    const scoped = this.scoped.get(name);
    if (scoped !== undefined && live(scoped)) return scoped;
    const legacy = this.legacy.get(key);
    return legacy !== undefined && live(legacy) ? legacy : undefined;
  }

  /** Records the key of an inserted item (an expired holder gives the key up). */
  set(item: NewTask, id: number): void {
    const sk = scopedKeyOf(item);
    if (sk) this.scoped.set(JSON.stringify([sk.scope, sk.key]), id);
  }

  /** A key stored without a scope (before scopes existed). */
  setLegacy(key: string, id: number): void {
    this.legacy.set(key, id);
  }

  /** A deleted task's keys are free again. */
  forget(id: number): void {
    for (const keys of [this.scoped, this.legacy])
      for (const [name, owner] of keys) if (owner === id) keys.delete(name);
  }
}

const asHeld = (item: NewTask): Held => ({ type: item.type ?? SLEEP_TYPE, payload: item.payload });
