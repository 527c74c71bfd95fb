import { differenceOf, IdempotencyConflictError, type NewTask, scopedKeyOf, type Task } from "@tps/core";
import { type TaskRecord, toTask } from "./task-columns";

/** A task row with the scope and key it was inserted or looked up under (null for an unkeyed one). */
export type KeyedRecord = TaskRecord & { scope: string | null; key: string | null };

const nameOf = (scope: string | null, key: string | null) => JSON.stringify([scope, key]);

/** The key columns of an idempotent insert, one per item (nulls for unkeyed items). */
export function keyColumnsOf(items: readonly NewTask[]) {
  const keys = items.map(scopedKeyOf); // throws on a key without a scope, before any statement
  return { scopes: keys.map((k) => k?.scope ?? null), keys: keys.map((k) => k?.key ?? null) };
}

/** The keyed items the insert skipped: their (scope, key) pairs, once each, for the holders' lookup. */
export function skippedKeys(items: readonly NewTask[], inserted: readonly KeyedRecord[]) {
  const done = new Set(inserted.map((r) => nameOf(r.scope, r.key)));
  const skipped = new Map<string, { scope: string; key: string }>();
  for (const sk of items.map(scopedKeyOf)) {
    if (sk && !done.has(nameOf(sk.scope, sk.key))) skipped.set(nameOf(sk.scope, sk.key), sk);
  }
  return { scopes: [...skipped.values()].map((s) => s.scope), keys: [...skipped.values()].map((s) => s.key) };
}

/**
 * One result per item, in input order, from the rows the insert returned and the rows holding the
 * keys it skipped. The first item of a key the call inserted is `created`; every other keyed item
 * is a replay of its key's task, or, when it differs from that task in type or input, the first
 * such item throws IdempotencyConflictError (the transaction then rolls the whole call back).
 */
export function resultsOf(
  items: readonly NewTask[],
  inserted: readonly KeyedRecord[],
  holders: readonly KeyedRecord[],
): { task: Task; created: boolean }[] {
  const fresh = new Map(inserted.filter((r) => r.key !== null).map((r) => [nameOf(r.scope, r.key), r]));
  const held = new Map(holders.map((r) => [nameOf(r.scope, r.key), r]));
  const unkeyed = inserted.filter((r) => r.key === null).values(); // in input order (ids ascend)
  const returned = new Set<number | bigint>();
  return items.map((item, index) => {
    const sk = scopedKeyOf(item);
    const name = sk && nameOf(sk.scope, sk.key);
    const row = name === null ? unkeyed.next().value : (fresh.get(name) ?? held.get(name));
    if (!row) throw new Error(`idempotent insert lost track of ${sk ? `key ${sk.key}` : "an unkeyed task"}`);
    const created = name === null || (fresh.has(name) && !returned.has(row.id));
    returned.add(row.id);
    const differs = created ? null : differenceOf(row, item);
    if (differs) throw new IdempotencyConflictError(index, sk!.key, differs);
    return { task: toTask(row), created };
  });
}
