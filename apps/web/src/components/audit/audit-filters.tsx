"use client";

import { MAX_TASK_ID } from "@tps/core/rules";
import { type FormEvent, useEffect, useState } from "react";
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditPageQuery,
  EMPTY_AUDIT_QUERY,
  isAuditFiltered,
} from "@/lib/audit-query";
import { isoToLocalInput, localInputToIso } from "@/lib/local-datetime";
import { Field, InputField, ValueOptions } from "../form-field";

const RANGE_EDGES = [
  { name: "from", label: "From" },
  { name: "to", label: "To" },
] as const;

interface Props {
  query: AuditPageQuery;
  onApply: (query: AuditPageQuery) => void;
}

/** Who, which action, about what, how it ended, and when; applied together (Enter or Apply). */
export function AuditFilters({ query, onApply }: Props) {
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]); // back/forward navigation, the Clear button
  const set = (patch: Partial<AuditPageQuery>) => setDraft((d) => ({ ...d, ...patch }));
  const inverted = !!draft.from && !!draft.to && Date.parse(draft.from) > Date.parse(draft.to);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!inverted) onApply({ ...draft, actor: draft.actor.trim(), target: draft.target.trim() });
  };
  const outcomes = draft.outcome && !AUDIT_OUTCOMES.includes(draft.outcome) ? [draft.outcome] : [];

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter the audit log" data-testid="audit-filters">
      <TextFilter name="actor" label="Actor" placeholder="email, key name or id" draft={draft} set={set} />
      <Field id="audit-action" label="Action">
        <select id="audit-action" value={draft.action} onChange={(e) => set({ action: e.target.value })}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((group) => (
            <optgroup key={group.prefix} label={group.label}>
              <option value={group.prefix}>{group.prefix}* (all)</option>
              <ValueOptions values={group.actions} />
            </optgroup>
          ))}
        </select>
      </Field>
      <TextFilter name="target" label="Target" placeholder='e.g. role="admin"' draft={draft} set={set} />
      <InputField
        id="audit-task"
        label="Task id"
        fieldClassName="audit-task-field"
        type="number"
        min={1}
        max={MAX_TASK_ID}
        step={1}
        value={draft.taskId ?? ""}
        onChange={(e) =>
          set({ taskId: e.target.valueAsNumber > 0 ? Math.trunc(e.target.valueAsNumber) : undefined })
        }
      />
      <Field id="audit-outcome" label="Outcome">
        <select id="audit-outcome" value={draft.outcome} onChange={(e) => set({ outcome: e.target.value })}>
          <option value="">Any outcome</option>
          <ValueOptions values={[...AUDIT_OUTCOMES, ...outcomes]} />
        </select>
      </Field>
      {RANGE_EDGES.map(({ name, label }) => (
        <InputField
          key={name}
          id={`audit-${name}`}
          label={label}
          type="datetime-local"
          value={isoToLocalInput(draft[name])}
          aria-invalid={inverted || undefined}
          // One error, under "To", says what is wrong with the pair.
          aria-describedby={inverted && name === "to" ? "audit-range-error" : undefined}
          onChange={(e) => set({ [name]: localInputToIso(e.target.value) })}
        >
          {inverted && name === "to" && (
            <span id="audit-range-error" className="form-error">
              “from” is after “to”
            </span>
          )}
        </InputField>
      ))}
      <div className="audit-filter-buttons">
        <button type="submit" disabled={inverted}>
          Apply
        </button>
        {isAuditFiltered(query) && (
          <button type="button" className="button-secondary" onClick={() => onApply(EMPTY_AUDIT_QUERY)}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}

/** A free-text filter (who, about what); its text is trimmed when the filters are applied. */
function TextFilter({
  name,
  label,
  placeholder,
  draft,
  set,
}: {
  name: "actor" | "target";
  label: string;
  placeholder: string;
  draft: AuditPageQuery;
  set: (patch: Partial<AuditPageQuery>) => void;
}) {
  return (
    <InputField
      id={`audit-${name}`}
      label={label}
      type="search"
      value={draft[name]}
      onChange={(e) => set({ [name]: e.target.value })}
      placeholder={placeholder}
      maxLength={200}
      autoComplete="off"
    />
  );
}
