"use client";

import { useState } from "react";
import { RoleGate, useCan } from "../current-user";
import { ModalDialog } from "../modal-dialog";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { useNow } from "../use-now";
import { DeleteScheduleDialog } from "./delete-schedule-dialog";
import { ScheduleForm, TimeZoneList } from "./schedule-form";
import { SCHEDULE_COLUMNS, ScheduleRow } from "./schedule-row";
// The form reuses the create forms' fields, and the table the task table's frame.
import "../tasks/tasks.css";
import "../tasks/task-table.css";
import "./schedules.css";
import { type Schedule, useSchedules } from "./use-schedules";

/**
 * Cron schedules, live: each creates one task per tick (whatever the number of workers). Operators
 * create, edit, enable/disable and delete them; viewers see them.
 */
export function SchedulesView() {
  const schedules = useSchedules();
  const now = useNow();
  const operator = useCan("operator");
  const [editing, setEditing] = useState<Schedule | null>(null);
  const [deleting, setDeleting] = useState<Schedule | null>(null);
  const list = schedules.data?.items ?? [];

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Schedules</h1>
        <p className="hint">Each tick creates one task of the schedule's type with its input.</p>
      </div>
      <TimeZoneList />
      <RoleGate min="operator">
        <section className="card" aria-labelledby="create-schedule-heading">
          <h2 id="create-schedule-heading">Create a schedule</h2>
          <ScheduleForm />
        </section>
      </RoleGate>
      {schedules.isPending && <LoadingState label="Loading schedules…" testId="schedules-loading" />}
      {schedules.isError && (
        <ErrorState
          what={schedules.data ? "fresh schedules (showing the last ones)" : "the schedules"}
          error={schedules.error}
          testId="schedules-error"
        />
      )}
      {schedules.data && list.length === 0 && (
        <EmptyState testId="schedules-empty">
          No schedule yet.{operator ? " Create one above." : ""}
        </EmptyState>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="schedule-table">
            <caption className="visually-hidden">Schedules</caption>
            <thead>
              <tr>
                {SCHEDULE_COLUMNS.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((schedule) => (
                <ScheduleRow
                  key={schedule.id}
                  schedule={schedule}
                  now={now}
                  onEdit={setEditing}
                  onDelete={setDeleting}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ModalDialog
        open={editing !== null}
        title={editing ? `Edit schedule ${editing.id}` : "Edit schedule"}
        onClose={() => setEditing(null)}
        testId="edit-schedule"
      >
        {editing && <ScheduleForm key={editing.id} schedule={editing} onDone={() => setEditing(null)} />}
      </ModalDialog>
      <DeleteScheduleDialog schedule={deleting} onClose={() => setDeleting(null)} />
    </main>
  );
}
