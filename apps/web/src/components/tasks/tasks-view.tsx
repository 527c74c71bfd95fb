"use client";

import { useMemo, useState } from "react";
import { toTaskFilter } from "@/lib/task-query";
import { RoleGate } from "../current-user";
import { StatusCounts } from "../status-counts";
import { BulkByFilter } from "./bulk-by-filter";
import { CreateBatchForm } from "./create-batch-form";
import { CreateTaskForm } from "./create-task-form";
import { SelectionBar } from "./selection-bar";
import { TaskFilters } from "./task-filters";
import { TaskTable } from "./task-table";
import "./tasks.css";
import { useSelection } from "./use-selection";
import { useTaskList } from "./use-task-list";
import { useTaskQuery } from "./use-task-query";

/** The tasks page: create, search and filter (in the URL), live list, selection and bulk actions. */
export function TasksView() {
  const { query, update } = useTaskQuery();
  const filter = useMemo(() => toTaskFilter(query), [query]);
  const countsFilter = useMemo(() => toTaskFilter(query, false), [query]);
  const list = useTaskList(query);
  const selection = useSelection();
  // A new filter shows other rows: a selection the operator cannot see would be a trap.
  const [selectionFilter, setSelectionFilter] = useState(filter);
  if (selectionFilter !== filter) {
    setSelectionFilter(filter);
    selection.clear();
  }

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Tasks</h1>
        <StatusCounts filter={countsFilter} label="Matching tasks per status" />
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
        <div className="list-actions">
          <RoleGate min="operator">
            <SelectionBar selection={selection} />
          </RoleGate>
          <RoleGate min="admin">
            <BulkByFilter query={query} filter={filter} />
          </RoleGate>
        </div>
        <TaskTable list={list} query={query} selection={selection} />
      </section>
    </main>
  );
}
