import { TaskError } from "./errors";
import type { NewTask, Task } from "./task";
import { SLEEP_TYPE } from "./task-type";

/**
 * How long a key names its create: 24 hours from the task's creation. A reuse within the window
 * replays the create (same type and input) or is refused; after it the key is free again and a reuse
 * creates a new task. Retention may delete the old task sooner, which frees its key too.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

const WINDOW_HOURS = IDEMPOTENCY_WINDOW_MS / 3_600_000;

/** A create's result: the task, and `replayed: true` when an earlier create with the same key made it. */
export type CreatedTask = Task & { replayed?: true };

/** What differs between a key's first create and its reuse. */
export type CreateDifference = "type" | "input";

/**
 * A key reused within its window for another create: 409. The message names the key and what
 * differs, never the other create's input. `index` is the item of the call (`where` names it).
 */
export class IdempotencyConflictError extends TaskError {
  constructor(
    readonly index: number,
    readonly key: string,
    readonly differs: CreateDifference,
    where: (index: number) => string = (i) => `items.${i}`,
  ) {
    const prefix = where(index);
    super(
      "CONFLICT",
      `${prefix ? `${prefix}: ` : ""}idempotency key ${JSON.stringify(key)} was first used for a create ` +
        `with another ${differs}: within ${WINDOW_HOURS} h a key may only repeat its first create (use a new key for a new task)`,
    );
    this.name = "IdempotencyConflictError";
  }

  /** The same conflict with the item named as `where` names it (`""` for a single create). */
  named(where: (index: number) => string): IdempotencyConflictError {
    return new IdempotencyConflictError(this.index, this.key, this.differs, where);
  }
}

/** Whose key a create uses (the caller's principal) and the key; null for a create without one. */
export function scopedKeyOf(item: NewTask): { scope: string; key: string } | null {
  if (item.idempotencyKey === undefined) return null;
  if (!item.idempotencyScope) throw new Error("an idempotency key needs a scope (whose key it is)");
  return { scope: item.idempotencyScope, key: item.idempotencyKey };
}

/**
 * How a reuse of a key differs from the task it named, or null when it repeats the create: the same
 * type, and the same input. A `sleep` payload is compared as text, exactly; any other type's input
 * (stored as JSON text) as JSON values, so key order and spacing do not matter (`{"a":1,"b":2}` is
 * `{ "b": 2, "a": 1.0 }`), while array order, strings and numbers do.
 */
export function differenceOf(held: Pick<Task, "type" | "payload">, reuse: NewTask): CreateDifference | null {
  const type = reuse.type ?? SLEEP_TYPE;
  if (held.type !== type) return "type";
  if (held.payload === reuse.payload) return null;
  if (type === SLEEP_TYPE) return "input";
  return sameJson(held.payload, reuse.payload) ? null : "input";
}

function sameJson(a: string, b: string): boolean {
  try {
    return sameValue(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return (
    keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && sameValue(x[k], y[k]))
  );
}
