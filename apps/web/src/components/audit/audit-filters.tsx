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
    <form
      className="audit-filters"
      onSubmit={submit}
      aria-label="Filter the audit log"
      data-testid="audit-filters"
    >
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <input
          id="audit-actor"
          type="search"
          value={draft.actor}
          onChange={(e) => set({ actor: e.target.value })}
          placeholder="email, key name or id"
          maxLength={200}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={draft.action} onChange={(e) => set({ action: e.target.value })}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((group) => (
            <optgroup key={group.prefix} label={group.label}>
              <option value={group.prefix}>{group.prefix}* (all)</option>
              {group.actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-target">Target</label>
        <input
          id="audit-target"
          type="search"
          value={draft.target}
          onChange={(e) => set({ target: e.target.value })}
          placeholder='e.g. role="admin"'
          maxLength={200}
          autoComplete="off"
        />
      </div>
      <div className="field audit-task-field">
        <label htmlFor="audit-task">Task id</label>
        <input
          id="audit-task"
          type="number"
          min={1}
          max={MAX_TASK_ID}
          step={1}
          value={draft.taskId ?? ""}
          onChange={(e) =>
            set({ taskId: e.target.valueAsNumber > 0 ? Math.trunc(e.target.valueAsNumber) : undefined })
          }
        />
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">Outcome</label>
        <select id="audit-outcome" value={draft.outcome} onChange={(e) => set({ outcome: e.target.value })}>
          <option value="">Any outcome</option>
          {[...AUDIT_OUTCOMES, ...outcomes].map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          type="datetime-local"
          value={isoToLocalInput(draft.from)}
          aria-invalid={inverted || undefined}
          onChange={(e) => set({ from: localInputToIso(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="datetime-local"
          value={isoToLocalInput(draft.to)}
          aria-invalid={inverted || undefined}
          aria-describedby={inverted ? "audit-range-error" : undefined}
          onChange={(e) => set({ to: localInputToIso(e.target.value) })}
        />
        {inverted && (
          <span id="audit-range-error" className="form-error">
            “from” is after “to”
          </span>
        )}
      </div>
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
