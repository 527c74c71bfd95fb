"use client";

import { waitsForWorker } from "@/lib/waits-for-worker";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { useNow } from "../use-now";
import { NoWorkerWarning } from "./no-worker-warning";
import { TaskTypeRow, TYPE_COLUMNS } from "./task-type-row";
import "./task-types.css";
import { useTaskTypes } from "./use-task-types";

/** Every registered task type, live: workers, counts, durations, policy and schemas. */
export function TaskTypesView() {
  const types = useTaskTypes(2_000);
  const now = useNow();
  const list = types.data ?? [];
  const unserved = list.filter(waitsForWorker);

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Task types</h1>
        <p className="hint">
          Registered by workers when they start. Durations: started → finished, tasks completed in the last
          hour.
        </p>
      </div>
      {unserved.map((info) => (
        <NoWorkerWarning key={info.type} info={info} linkToList />
      ))}
      {types.isPending && <LoadingState label="Loading task types…" testId="task-types-loading" />}
      {types.isError && (
        <ErrorState
          what={types.data ? "fresh numbers (showing the last ones)" : "the task types"}
          error={types.error}
          testId="task-types-error"
        />
      )}
      {types.data && list.length === 0 && (
        <EmptyState testId="task-types-empty">No task type is registered yet: start a worker.</EmptyState>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="type-table">
            <caption className="visually-hidden">Task types, by name</caption>
            <thead>
              <tr>
                {TYPE_COLUMNS.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            {list.map((info) => (
              <TaskTypeRow key={info.type} info={info} now={now} />
            ))}
          </table>
        </div>
      )}
    </main>
  );
}
