"use client";

interface Props {
  paused: boolean;
  newCount: number;
  onPause: () => void;
  onResume: () => void;
}

/** Pause / resume the list's live updates; while paused, "N new" shows what arrived (and resumes). */
export function LiveToggle({ paused, newCount, onPause, onResume }: Props) {
  return (
    <div className="live-toggle">
      <button
        type="button"
        className="button-small live-toggle-button"
        aria-pressed={paused}
        data-testid="live-toggle"
        onClick={paused ? onResume : onPause}
        title={paused ? "Paused: press again to refresh and resume" : "Keep the rows still while reading"}
      >
        <span aria-hidden="true">{paused ? "❚❚ " : ""}</span>
        Pause live updates
      </button>
      {paused && (
        <span className="live-paused" role="status" data-testid="live-paused">
          {newCount > 0 ? (
            <button type="button" className="button-small live-new" data-testid="live-new" onClick={onResume}>
              {newCount.toLocaleString("en")} new
            </button>
          ) : (
            "Paused: no new tasks"
          )}
        </span>
      )}
    </div>
  );
}
