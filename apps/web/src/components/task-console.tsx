"use client";

import type { TaskStatus } from "@tps/api/client";
import { useState } from "react";
import { CreateBatchForm } from "./create-batch-form";
import { CreateTaskForm } from "./create-task-form";
import { NoticeProvider } from "./notices";
import { StatusCounts } from "./status-counts";
import { StatusFilter } from "./status-filter";
import { TaskTable } from "./task-table";

/** The operator console: create tasks, watch counts and the task table live, cancel tasks. */
export function TaskConsole() {
  const [status, setStatus] = useState<TaskStatus | undefined>(undefined);

  return (
    <NoticeProvider>
      <main className="console">
        <header className="console-header">
          <h1>Tasks</h1>
          <StatusCounts />
        </header>
        <section className="create-forms" aria-label="Create tasks">
          <CreateTaskForm />
          <CreateBatchForm />
        </section>
        <section aria-labelledby="task-list-heading">
          <div className="list-header">
            <h2 id="task-list-heading">Task list</h2>
            <StatusFilter value={status} onChange={setStatus} />
          </div>
          <TaskTable status={status} />
        </section>
      </main>
    </NoticeProvider>
  );
}
