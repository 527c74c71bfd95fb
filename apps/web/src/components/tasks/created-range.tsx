import type { ReactNode } from "react";
import { isoToLocalInput, localInputToIso } from "@/lib/local-datetime";

interface Props {
  from: string;
  to: string;
  onChange: (range: { from?: string; to?: string }) => void;
}

/** Created-time range in local time; the URL keeps it as ISO (UTC) so shared links mean the same. */
export function CreatedRange({ from, to, onChange }: Props) {
  const invalid = !!from && !!to && Date.parse(from) > Date.parse(to);
  return (
    <>
      <DateTimeField
        id="created-from"
        label="Created from"
        iso={from}
        invalid={invalid}
        onChange={(iso) => onChange({ from: iso })}
      />
      <DateTimeField
        id="created-to"
        label="Created to"
        iso={to}
        invalid={invalid}
        errorId={invalid ? "range-error" : undefined}
        onChange={(iso) => onChange({ to: iso })}
      >
        {invalid && (
          <span id="range-error" className="form-error">
            “from” is after “to”
          </span>
        )}
      </DateTimeField>
    </>
  );
}

interface FieldProps {
  id: string;
  label: string;
  iso: string;
  invalid: boolean;
  errorId?: string;
  onChange: (iso: string | undefined) => void;
  children?: ReactNode;
}

/** A labelled `datetime-local` input that reads and writes ISO time (its test id is its id). */
function DateTimeField({ id, label, iso, invalid, errorId, onChange, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        data-testid={id}
        value={isoToLocalInput(iso)}
        aria-invalid={invalid || undefined}
        aria-describedby={errorId}
        onChange={(e) => onChange(localInputToIso(e.target.value))}
      />
      {children}
    </div>
  );
}
