import type { InputIssue } from "@tps/core";
import { checkInputText } from "./check-input";
import { prettyJson } from "./pretty-json";
import { SLEEP_TYPE } from "./sleep-type";

export const DEFAULT_TIMEZONE = "UTC";

/** The schedule form's fields as typed. For `sleep` the input is the plain payload text. */
export interface ScheduleForm {
  type: string;
  /** `sleep`: the payload string; other types: the input as JSON text. */
  inputText: string;
  cron: string;
  timezone: string;
  priority: string;
  enabled: boolean;
}

/** The fields a schedule has that the form edits (from `schedules.get` / `list`). */
export interface ScheduleFields {
  type: string;
  input: unknown;
  cron: string;
  timezone: string;
  priority: number;
  enabled: boolean;
}

export interface ScheduleValues {
  input: unknown;
  cron: string;
  timezone: string;
  priority: number;
  enabled: boolean;
}

export type ScheduleFormResult = { ok: true; values: ScheduleValues } | { ok: false; issues: InputIssue[] };

export const emptyScheduleForm = (type = SLEEP_TYPE, inputText = ""): ScheduleForm => ({
  type,
  inputText,
  cron: "",
  timezone: DEFAULT_TIMEZONE,
  priority: "0",
  enabled: true,
});

/** An existing schedule as the form shows it (a typed input pretty-printed, a payload as is). */
export function scheduleToForm(schedule: ScheduleFields): ScheduleForm {
  const plain = schedule.type === SLEEP_TYPE && typeof schedule.input === "string";
  return {
    type: schedule.type,
    inputText: plain ? (schedule.input as string) : prettyJson(schedule.input),
    cron: schedule.cron,
    timezone: schedule.timezone,
    priority: String(schedule.priority),
    enabled: schedule.enabled,
  };
}

/**
 * The form's values ready to send, or the fields at fault: the input (JSON, checked against the
 * type's schema when known), cron (present; the API parses it), timezone and priority 0-9.
 */
export function scheduleValues(form: ScheduleForm, schema: unknown): ScheduleFormResult {
  const issues: InputIssue[] = [];
  let input: unknown = form.inputText;
  if (form.type !== SLEEP_TYPE) {
    const checked = checkInputText(form.inputText, schema);
    if (checked.ok) input = checked.value;
    else issues.push(...checked.issues);
  }
  const cron = form.cron.trim().replace(/\s+/g, " ");
  if (cron === "") issues.push({ path: "cron", message: "enter a cron expression" });
  const timezone = form.timezone.trim() || DEFAULT_TIMEZONE;
  const priority = /^\d$/.test(form.priority.trim()) ? Number(form.priority.trim()) : null;
  if (priority === null) issues.push({ path: "priority", message: "must be a whole number from 0 to 9" });
  if (issues.length > 0 || priority === null) return { ok: false, issues };
  return { ok: true, values: { input, cron, timezone, priority, enabled: form.enabled } };
}

/** Only what an edit changed (an update with nothing in it changes nothing and is not sent). */
export function changedValues(before: ScheduleFields, after: ScheduleValues): Partial<ScheduleValues> {
  const changes: Partial<ScheduleValues> = {};
  if (JSON.stringify(before.input) !== JSON.stringify(after.input)) changes.input = after.input;
  if (before.cron !== after.cron) changes.cron = after.cron;
  if (before.timezone !== after.timezone) changes.timezone = after.timezone;
  if (before.priority !== after.priority) changes.priority = after.priority;
  if (before.enabled !== after.enabled) changes.enabled = after.enabled;
  return changes;
}

/** IANA time zone names the browser knows, for the form's suggestions (UTC first). */
export function timeZoneNames(): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [DEFAULT_TIMEZONE, ...known.filter((name) => name !== DEFAULT_TIMEZONE)];
}
