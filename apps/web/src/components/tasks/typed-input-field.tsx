import type { InputIssue } from "@tps/core";
import { InputIssues } from "./input-issues";

interface Props {
  id: string;
  label: string;
  /** The JSON text, how to change it and the issues found in it (as useTypedInput keeps them). */
  input: { text: string; setText: (text: string) => void; issues: readonly InputIssue[] };
  hint?: string;
}

/** A JSON input for a typed task, with the fields at fault listed right under it. */
export function TypedInputField({ id, label, input, hint }: Props) {
  const { issues } = input;
  const described = [hint && `${id}-hint`, `${id}-issues`].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="json-input"
        rows={5}
        value={input.text}
        onChange={(e) => input.setText(e.target.value)}
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
