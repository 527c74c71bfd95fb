import type { InputIssue } from "@tps/core";
import { InputIssues } from "./input-issues";

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  issues: readonly InputIssue[];
  hint?: string;
}

/** A JSON input for a typed task, with the fields at fault listed right under it. */
export function TypedInputField({ id, label, value, onChange, issues, hint }: Props) {
  const described = [hint && `${id}-hint`, `${id}-issues`].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="json-input"
        rows={5}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={described}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <InputIssues id={`${id}-issues`} issues={issues} />
    </div>
  );
}
