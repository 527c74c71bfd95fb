import type { TaskTypeRegistration } from "../domain/task-type";

/**
 * A task type as a worker would register it, for tests that need one in the catalog: any object as
 * input, no output schema, 3 attempts, no timeout, unless `overrides` says otherwise.
 */
export function typeRegistration(
  type: string,
  overrides: Partial<Omit<TaskTypeRegistration, "type">> = {},
): TaskTypeRegistration {
  return {
    type,
    inputSchema: { type: "object" },
    outputSchema: null,
    maxAttempts: 3,
    timeoutMs: null,
    ...overrides,
  };
}
