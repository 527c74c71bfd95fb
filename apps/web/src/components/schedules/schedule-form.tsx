"use client";

import { useMutation } from "@tanstack/react-query";
import type { InputIssue } from "@tps/core";
import { type FormEvent, useEffect, useState } from "react";
import { apiIssues } from "@/lib/api-issues";
import {
  changedValues,
  emptyScheduleForm,
  type ScheduleForm as FormFields,
  scheduleToForm,
  scheduleValues,
  timeZoneNames,
} from "@/lib/schedule-form";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { PriorityField } from "../tasks/create-options-fields";
import { InputIssues } from "../tasks/input-issues";
import { TypeSelect } from "../tasks/type-select";
import { TypedInputField } from "../tasks/typed-input-field";
import { useTypedInput } from "../tasks/use-typed-input";
import { CronPreview } from "./cron-preview";
import { type Schedule, useInvalidateSchedules } from "./use-schedules";

const isInputIssue = (issue: InputIssue) => issue.path === "input" || issue.path.startsWith("input/");

/**
 * Creates a schedule, or edits `schedule` (its type stays; only what changed is sent): type, input
 * (checked against the type's schema), cron with a live preview of its next runs, time zone,
 * priority and enabled.
 */
export function ScheduleForm({ schedule, onDone }: { schedule?: Schedule; onDone?: () => void }) {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateSchedules();
  const start = schedule ? scheduleToForm(schedule) : emptyScheduleForm();
  const typed = useTypedInput({ type: start.type, text: start.inputText });
  const [fields, setFields] = useState({
    cron: start.cron,
    timezone: start.timezone,
    priority: start.priority,
    enabled: start.enabled,
  });
  const [issues, setIssues] = useState<InputIssue[]>([]);
  const set = (changes: Partial<typeof fields>) => setFields((current) => ({ ...current, ...changes }));
  const prefix = schedule ? `edit-${schedule.id}` : "schedule";
  const done = (message: string) => {
    notify("success", message);
    onDone?.();
    return invalidate();
  };
  const onError = (error: unknown) => setIssues(apiIssues(error));
  const create = useMutation(
    trpc.schedules.create.mutationOptions({
      onSuccess: ({ id }) => {
        setFields((current) => ({ ...current, cron: "" }));
        return done(`Created schedule ${id}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.schedules.update.mutationOptions({ onSuccess: ({ id }) => done(`Saved schedule ${id}`), onError }),
  );
  const mutation = schedule ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const form: FormFields = { type: typed.type, inputText: typed.text, ...fields };
    const result = scheduleValues(form, typed.schema);
    setIssues(result.ok ? [] : result.issues);
    mutation.reset();
    if (!result.ok) return;
    if (!schedule) {
      create.mutate({ type: typed.type, ...result.values });
      return;
    }
    const changes = changedValues(schedule, result.values);
    if (Object.keys(changes).length === 0) onDone?.();
    else update.mutate({ id: schedule.id, ...changes });
  };

  const inputIssues = issues.filter(isInputIssue);
  return (
    <form className="schedule-form" onSubmit={submit} data-testid={`${prefix}-form`}>
      <div className="field-row">
        {schedule ? (
          <div className="field">
            <span className="detail-label">Type</span>
            <span className="mono">{schedule.type}</span>
          </div>
        ) : (
          <TypeSelect
            id={`${prefix}-type`}
            value={typed.type}
            names={typed.names}
            onChange={typed.selectType}
          />
        )}
        <div className="field grow">
          <label htmlFor={`${prefix}-cron`}>Cron</label>
          <input
            id={`${prefix}-cron`}
            className="mono"
            value={fields.cron}
            onChange={(e) => set({ cron: e.target.value })}
            placeholder="*/2 * * * * *"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${prefix}-cron-preview`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-timezone`}>Time zone</label>
          <input
            id={`${prefix}-timezone`}
            list="time-zone-names"
            value={fields.timezone}
            onChange={(e) => set({ timezone: e.target.value })}
            autoComplete="off"
          />
        </div>
        <PriorityField
          id={`${prefix}-priority`}
          value={fields.priority}
          onChange={(priority) => set({ priority })}
        />
      </div>
      <CronPreview id={`${prefix}-cron-preview`} cron={fields.cron} timezone={fields.timezone} />
      {typed.plain ? (
        <div className="field">
          <label htmlFor={`${prefix}-payload`}>Payload</label>
          <input
            id={`${prefix}-payload`}
            value={typed.text}
            onChange={(e) => typed.setText(e.target.value)}
            placeholder="each tick's task gets this payload"
            autoComplete="off"
          />
          <InputIssues id={`${prefix}-payload-issues`} issues={inputIssues} />
        </div>
      ) : (
        <TypedInputField
          id={`${prefix}-input`}
          label="Input (JSON)"
          input={{ ...typed, issues: inputIssues }}
        />
      )}
      <div className="field inline">
        <input
          id={`${prefix}-enabled`}
          type="checkbox"
          checked={fields.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        <label htmlFor={`${prefix}-enabled`}>Enabled</label>
      </div>
      <InputIssues id={`${prefix}-issues`} issues={issues.filter((issue) => !isInputIssue(issue))} />
      <button type="submit" disabled={mutation.isPending}>
        {schedule
          ? update.isPending
            ? "Saving…"
            : "Save schedule"
          : create.isPending
            ? "Creating…"
            : "Create schedule"}
      </button>
      {apiIssues(mutation.error).length === 0 && <MutationError mutation={mutation} />}
    </form>
  );
}

/**
 * One `<datalist>` of IANA time zone names for every time zone field on the page, filled in the
 * browser (the server's list may differ, which would break hydration).
 */
export function TimeZoneList() {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => setNames(timeZoneNames()), []);
  return (
    <datalist id="time-zone-names">
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
