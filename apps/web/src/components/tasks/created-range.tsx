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
      <div className="field">
        <label htmlFor="created-from">Created from</label>
        <input
          id="created-from"
          type="datetime-local"
          data-testid="created-from"
          value={isoToLocalInput(from)}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange({ from: localInputToIso(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="created-to">Created to</label>
        <input
          id="created-to"
          type="datetime-local"
          data-testid="created-to"
          value={isoToLocalInput(to)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "range-error" : undefined}
          onChange={(e) => onChange({ to: localInputToIso(e.target.value) })}
        />
        {invalid && (
          <span id="range-error" className="form-error">
            “from” is after “to”
          </span>
        )}
      </div>
    </>
  );
}
