"use client";

import type { TaskStatus } from "@tps/api/client";
import { describeApiError } from "@/lib/describe-api-error";
import { TaskRow } from "./task-row";
import "./task-table.css";
import { useNow } from "./use-now";
import { useTaskList } from "./use-task-list";

const COLUMNS = [
  "ID",
  "Payload",
  "Status",
  "Attempts",
  "Created",
  "Started",
  "Finished",
  "Queue wait",
  "Run",
  "",
];

/** The newest tasks, live, with "Load more" for older ones. */
export function TaskTable({ status }: { status: TaskStatus | undefined }) {
  const list = useTaskList(status);
  const now = useNow();
  const { tasks } = list;

  return (
    <>
      {list.isError && list.data && (
        <p className="banner banner-error" role="alert" data-testid="tasks-error">
          Live updates paused: {describeApiError(list.error)}
        </p>
      )}
      <div className="table-scroll">
        <table className="tasks" aria-busy={list.isPending}>
          <caption className="visually-hidden">Tasks, newest first</caption>
          <thead>
            <tr>
              {COLUMNS.map((name) => (
                <th key={name || "actions"} scope="col">
                  {name || <span className="visually-hidden">Actions</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <TaskRow key={task.id} task={task} now={now} />
            ))}
            {tasks.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="table-state">
                  <TableState list={list} status={status} />
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="table-footer">
        <span data-testid="tasks-shown">
          {tasks.length > 0 && describeShown(tasks.length, status, list.hasNextPage)}
        </span>
        {list.hasNextPage && (
          <button
            type="button"
            data-testid="load-more"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </>
  );
}

function TableState({
  list,
  status,
}: {
  list: ReturnType<typeof useTaskList>;
  status: TaskStatus | undefined;
}) {
  if (list.isPending) return <span data-testid="tasks-loading">Loading tasks…</span>;
  if (list.isError && !list.data) {
    return (
      <span className="error-text" role="alert" data-testid="tasks-error">
        Could not load tasks: {describeApiError(list.error)}
      </span>
    );
  }
  return (
    <span data-testid="tasks-empty">
      {status ? `No ${status} tasks.` : "No tasks yet. Create one above."}
    </span>
  );
}

function describeShown(count: number, status: TaskStatus | undefined, more: boolean): string {
  const what = `${status ? `${status} ` : ""}${count === 1 ? "task" : "tasks"}`;
  const scope = more ? "the newest " : count > 1 ? "all " : "";
  return `Showing ${scope}${count.toLocaleString("en")} ${what}`;
}
