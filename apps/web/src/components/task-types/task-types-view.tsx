"use client";

import { waitsForWorker } from "@/lib/waits-for-worker";
import { TableHead } from "../data-table";
import { PolledListState } from "../query-state";
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
      <PolledListState
        query={types}
        count={list.length}
        noun="task types"
        fresh="numbers"
        empty="No task type is registered yet: start a worker."
      />
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="type-table">
            <caption className="visually-hidden">Task types, by name</caption>
            <TableHead columns={TYPE_COLUMNS} />
            {list.map((info) => (
              <TaskTypeRow key={info.type} info={info} now={now} />
            ))}
          </table>
        </div>
      )}
    </main>
  );
}
