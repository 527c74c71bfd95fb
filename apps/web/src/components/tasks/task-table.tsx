"use client";

import { describeApiError } from "@/lib/describe-api-error";
import { isFiltered, type TaskQuery } from "@/lib/task-query";
import { LoadMoreFooter, SelectAllHeader, TableHead } from "../data-table";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { useNow } from "../use-now";
import { TaskRow } from "./task-row";
import "./task-table.css";
import { useCan } from "../current-user";
import type { Selection } from "./use-selection";
import type { useTaskList } from "./use-task-list";

const COLUMNS = [
  "ID",
  "Type",
  "Payload",
  "Status",
  "Priority",
  "Attempts",
  "Created",
  "Started",
  "Finished",
  "Queue wait",
  "Run",
];

interface Props {
  list: ReturnType<typeof useTaskList>;
  query: TaskQuery;
  selection: Selection;
  /** The row the keyboard shortcuts act on. */
  activeId?: number | null;
}

/** The matching tasks, live, with a checkbox per row and "Load more" for further pages. */
export function TaskTable({ list, query, selection, activeId = null }: Props) {
  const now = useNow();
  const { tasks } = list;
  const ids = tasks.map((t) => t.id);
  const allSelected = ids.length > 0 && ids.every((id) => selection.selected.has(id));
  const selectable = useCan("operator");

  return (
    <>
      {list.isError && list.data && (
        <p className="banner banner-error" role="alert" data-testid="tasks-error">
          Live updates paused: {describeApiError(list.error)}
        </p>
      )}
      <div className="table-scroll">
        <table className="tasks" aria-busy={list.isPending || list.isPlaceholderData}>
          <caption className="visually-hidden">
            Tasks, {query.sort === "finished" ? "most recently finished first" : "newest first"}
          </caption>
          <TableHead
            columns={COLUMNS}
            actions
            select={
              selectable && (
                <SelectAllHeader
                  label="Select all shown tasks"
                  testId="select-all"
                  checked={allSelected}
                  disabled={ids.length === 0}
                  onChange={(on) => selection.setAll(ids, on)}
                />
              )
            }
          />
          <tbody className={list.isPlaceholderData ? "stale" : undefined}>
            {tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                now={now}
                selected={selection.selected.has(task.id)}
                onSelect={selection.toggle}
                selectable={selectable}
                active={task.id === activeId}
              />
            ))}
          </tbody>
        </table>
        {tasks.length === 0 && <TableState list={list} query={query} />}
      </div>
      <LoadMoreFooter
        list={list}
        shownTestId="tasks-shown"
        loadMoreTestId="load-more"
        shown={tasks.length > 0 && describeShown(tasks.length, list.hasNextPage)}
      />
    </>
  );
}

function TableState({ list, query }: Omit<Props, "selection">) {
  if (list.isPending) return <LoadingState label="Loading tasks…" testId="tasks-loading" />;
  if (list.isError) return <ErrorState what="tasks" error={list.error} testId="tasks-error" />;
  if (isFiltered(query) || query.sort === "finished") {
    const what = query.status
      ? `${query.status} tasks`
      : query.sort === "finished"
        ? "finished tasks"
        : "tasks";
    const ofType = query.type ? ` of type ${query.type}` : "";
    return <EmptyState testId="tasks-empty">{`No ${what}${ofType} match these filters.`}</EmptyState>;
  }
  return <EmptyState testId="tasks-empty">No tasks yet. Create one above.</EmptyState>;
}

function describeShown(count: number, more: boolean): string {
  const what = count === 1 ? "task" : "tasks";
  return more
    ? `Showing the first ${count.toLocaleString("en")} ${what}`
    : `Showing all ${count.toLocaleString("en")} ${what}`;
}
