"use client";

import { useMemo, useState } from "react";
import { taskQueryToSearch, toTaskFilter } from "@/lib/task-query";
import { RoleGate } from "../current-user";
import { StatusCounts } from "../status-counts";
import { BulkByFilter } from "./bulk-by-filter";
import { ConfirmCancelDialog } from "./confirm-cancel-dialog";
import { CreateBatchForm } from "./create-batch-form";
import { CreateTaskForm } from "./create-task-form";
import { LiveToggle } from "./live-toggle";
import { SelectionBar } from "./selection-bar";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { TaskFilters } from "./task-filters";
import { TaskTable } from "./task-table";
import { TypeNotice } from "./type-notice";
import "./tasks.css";
import { useLivePause } from "./use-live-pause";
import { useSelection } from "./use-selection";
import { useTaskList } from "./use-task-list";
import { useTaskQuery } from "./use-task-query";
import { useTaskShortcuts } from "./use-task-shortcuts";

/** The tasks page: create, search and filter (in the URL), live list, selection and bulk actions. */
export function TasksView() {
  const { query, update } = useTaskQuery();
  const filter = useMemo(() => toTaskFilter(query), [query]);
  const countsFilter = useMemo(() => toTaskFilter(query, false), [query]);
  const live = useLivePause(filter);
  const list = useTaskList(query, live.paused);
  const selection = useSelection();
  const keys = useTaskShortcuts(list.tasks);
  // A new filter shows other rows: a selection the operator cannot see would be a trap. A paused
  // list has nothing to show for a new filter, so it resumes.
  const [selectionFilter, setSelectionFilter] = useState(filter);
  if (selectionFilter !== filter) {
    setSelectionFilter(filter);
    selection.clear();
    live.resume();
  }

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Tasks</h1>
        <StatusCounts
          filter={countsFilter}
          label="Matching tasks per status"
          hrefFor={(status) => `/tasks${taskQueryToSearch({ ...query, status })}`}
          current={query.status}
        />
      </div>
      <RoleGate min="operator">
        <section className="create-forms" aria-label="Create tasks">
          <CreateTaskForm />
          <CreateBatchForm />
        </section>
      </RoleGate>
      <section aria-labelledby="task-list-heading" className="task-list">
        <h2 id="task-list-heading">Task list</h2>
        <TaskFilters query={query} update={update} />
        <TypeNotice type={query.type} />
        <div className="list-actions">
          <LiveToggle
            paused={live.paused}
            newCount={live.newCount}
            onPause={live.pause}
            onResume={live.resume}
          />
          <RoleGate min="operator">
            <SelectionBar selection={selection} />
          </RoleGate>
          <RoleGate min="admin">
            <BulkByFilter query={query} filter={filter} />
          </RoleGate>
        </div>
        <TaskTable list={list} query={query} selection={selection} activeId={keys.activeId} />
        <p className="hint">
          Press <kbd>?</kbd> for{" "}
          <button type="button" className="link-button" data-testid="show-shortcuts" onClick={keys.openHelp}>
            keyboard shortcuts
          </button>
          .
        </p>
      </section>
      <ShortcutsDialog open={keys.helpOpen} onClose={keys.closeHelp} />
      <ConfirmCancelDialog task={keys.cancelling} onClose={keys.closeCancel} />
    </main>
  );
}
