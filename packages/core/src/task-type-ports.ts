import type { InputIssue, TaskTypeInfo, TaskTypeRegistration } from "./domain/task-type";

/** The rules of one registered type, as the API applies them to a create. */
export interface TypeRules {
  maxAttempts: number;
  /** Null when `input` matches the type's input schema, else what is wrong with it. */
  check(input: unknown): InputIssue[] | null;
}

/** The task types workers registered (cached by the adapter; `refresh` reads them anew). */
export interface TaskTypeCatalog {
  /** The rules of every registered type, by name. */
  rules(options?: { refresh?: boolean }): Promise<ReadonlyMap<string, TypeRules>>;
  /** Every registered type with its workers online, counts and durations. */
  list(): Promise<TaskTypeInfo[]>;
}

/** Where workers register their types and heartbeat (see TaskTypeCatalog for the API's side). */
export interface TaskTypeRegistry {
  register(worker: string, types: readonly TaskTypeRegistration[]): Promise<void>;
}
