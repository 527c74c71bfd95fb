import { type FieldIssue, TaskError } from "../domain/errors";
import { type CreateItem, type NewTask, newTaskOf } from "../domain/task";
import { inputOf, SLEEP_TYPE } from "../domain/task-type";
import type { TaskTypeCatalog, TypeRules } from "../ports";

/** Most input problems one refusal lists (a batch of 10,000 bad items answers with the first ones). */
const MAX_LISTED_ISSUES = 20;

/**
 * Checks each item against its type's latest registered input schema and gives it the type's retry
 * policy. An unknown type reads the registrations anew once (a worker may have registered it just
 * now) before it is refused. Throws BAD_REQUEST naming the fields at fault, or listing the known
 * types; `where(i)` names item `i` in messages (`items.3`), empty for a single create.
 */
export async function admitTasks(
  catalog: TaskTypeCatalog,
  items: readonly (string | CreateItem)[],
  where: (index: number) => string = (i) => `items.${i}`,
): Promise<NewTask[]> {
  const tasks = items.map((item) =>
    typeof item === "string" ? { type: SLEEP_TYPE, payload: item } : newTaskOf(item),
  );
  let rules = await catalog.rules();
  if (tasks.some((t) => !rules.has(t.type ?? SLEEP_TYPE))) rules = await catalog.rules({ refresh: true });

  const issues: { path: string; message: string }[] = [];
  const admitted = tasks.map((task, index) => {
    const type = task.type ?? SLEEP_TYPE;
    const rule: TypeRules | undefined = rules.get(type);
    if (!rule) {
      const known = [...rules.keys()].sort().join(", ");
      throw new TaskError("BAD_REQUEST", `unknown task type "${type}": known types are ${known || "none"}`, [
        { path: prefixed(where(index), "type"), message: `unknown task type "${type}"` },
      ]);
    }
    const problems = rule.check(inputOf(type, task.payload));
    for (const p of problems ?? []) {
      if (issues.length < MAX_LISTED_ISSUES)
        issues.push({ path: prefixed(where(index), `input${p.path}`), message: p.message });
    }
    return { ...task, type, maxAttempts: rule.maxAttempts };
  });
  refuseInputIssues(issues);
  return admitted;
}

/** Throws one BAD_REQUEST listing every input issue, worded alike wherever a task's input is checked. */
export function refuseInputIssues(issues: readonly FieldIssue[]): void {
  if (issues.length === 0) return;
  const list = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new TaskError("BAD_REQUEST", `invalid input: ${list}`, issues);
}

const prefixed = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);
