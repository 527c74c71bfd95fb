import { type CreatedTask, IdempotencyConflictError } from "../domain/idempotency";
import type { CreateItem } from "../domain/task";
import type { ApiPorts } from "../ports";
import { admitTasks } from "./admit-tasks";

/**
 * A caller's create: the items admitted (admitTasks), their idempotency keys put in the caller's
 * `scope` (another caller's same key is another key), then created through the intake. `where(i)`
 * names item `i` in refusals (`items.3`; empty for a single create), a key conflict's included.
 */
export async function createForCaller(
  ports: Pick<ApiPorts, "types" | "intake">,
  scope: string,
  items: readonly (string | CreateItem)[],
  where: (index: number) => string = (i) => `items.${i}`,
): Promise<CreatedTask[]> {
  const admitted = await admitTasks(ports.types, items, where);
  const scoped = admitted.map((t) =>
    t.idempotencyKey === undefined ? t : { ...t, idempotencyScope: scope },
  );
  try {
    return await ports.intake.create(scoped);
  } catch (error) {
    throw error instanceof IdempotencyConflictError ? error.named(where) : error;
  }
}
