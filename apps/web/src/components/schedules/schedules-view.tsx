"use client";

import { useState } from "react";
import { RoleGate, useCan } from "../current-user";
import { TableHead } from "../data-table";
import { ModalDialog } from "../modal-dialog";
import { PolledListState } from "../query-state";
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
      <PolledListState
        query={schedules}
        count={list.length}
        noun="schedules"
        empty={<>No schedule yet.{operator ? " Create one above." : ""}</>}
      />
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="plain-table schedule-table">
            <caption className="visually-hidden">Schedules</caption>
            <TableHead columns={SCHEDULE_COLUMNS} actions />
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
