"use client";

import { MAX_PRIORITY, type StartMode, TIME_UNITS, type TimeUnit } from "@/lib/create-options";
import { isoToLocalInput } from "@/lib/local-datetime";
import type { CreateOptionsState } from "./use-create-options";

const UNIT_NAMES: Record<TimeUnit, string> = { s: "seconds", min: "minutes", h: "hours" };

/** A number with its unit (seconds, minutes, hours), for the delay and the time to live. */
function AmountField(props: {
  id: string;
  label: string;
  amount: string;
  unit: TimeUnit;
  placeholder?: string;
  onChange: (amount: string, unit: TimeUnit) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="amount-unit">
        <input
          id={props.id}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={props.amount}
          placeholder={props.placeholder}
          onChange={(e) => props.onChange(e.target.value, props.unit)}
        />
        <select
          aria-label={`${props.label} unit`}
          value={props.unit}
          onChange={(e) => props.onChange(props.amount, e.target.value as TimeUnit)}
        >
          {(Object.keys(TIME_UNITS) as TimeUnit[]).map((unit) => (
            <option key={unit} value={unit}>
              {UNIT_NAMES[unit]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/**
 * When the task may start (now, at a local date-time, after a delay), when it expires if it has not
 * started, and its priority (0-9, higher starts first). `prefix` keeps the ids of two forms apart.
 */
export function CreateOptionsFields({ prefix, options }: { prefix: string; options: CreateOptionsState }) {
  const { form, set, error } = options;
  const startAt = (start: StartMode) => {
    // The first pick of "at a time" starts a minute from now, a time that is easy to adjust.
    const runAt =
      start === "at" && !form.runAt
        ? isoToLocalInput(new Date(Date.now() + 60_000).toISOString())
        : form.runAt;
    set({ start, runAt });
  };
  return (
    <fieldset className="create-options" aria-describedby={error ? `${prefix}-options-error` : undefined}>
      <legend className="visually-hidden">When and how urgent</legend>
      <div className="field">
        <label htmlFor={`${prefix}-start`}>Start</label>
        <select
          id={`${prefix}-start`}
          value={form.start}
          onChange={(e) => startAt(e.target.value as StartMode)}
        >
          <option value="now">now</option>
          <option value="at">at a time</option>
          <option value="delay">after a delay</option>
        </select>
      </div>
      {form.start === "at" && (
        <div className="field">
          <label htmlFor={`${prefix}-run-at`}>Run at</label>
          <input
            id={`${prefix}-run-at`}
            type="datetime-local"
            step={1}
            required
            value={form.runAt}
            onChange={(e) => set({ runAt: e.target.value })}
          />
        </div>
      )}
      {form.start === "delay" && (
        <AmountField
          id={`${prefix}-delay`}
          label="Delay"
          amount={form.delay}
          unit={form.delayUnit}
          onChange={(delay, delayUnit) => set({ delay, delayUnit })}
        />
      )}
      <AmountField
        id={`${prefix}-ttl`}
        label="Expire after"
        amount={form.ttl}
        unit={form.ttlUnit}
        placeholder="never"
        onChange={(ttl, ttlUnit) => set({ ttl, ttlUnit })}
      />
      <PriorityField
        id={`${prefix}-priority`}
        value={form.priority}
        onChange={(priority) => set({ priority })}
      />
      {error && (
        <p id={`${prefix}-options-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Priority 0-9 (higher starts first), as typed: the create forms and the schedule form. */
export function PriorityField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <div className="field priority-field">
      <label htmlFor={id}>Priority</label>
      <input
        id={id}
        type="number"
        min={0}
        max={MAX_PRIORITY}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
