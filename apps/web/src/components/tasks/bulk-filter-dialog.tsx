"use client";

import type { TaskFilter } from "@tps/api/client";
import { describeFilter } from "@/lib/describe-filter";
import { progressRatio } from "@/lib/run-until-done";
import type { TaskQuery } from "@/lib/task-query";
import { ModalDialog } from "../modal-dialog";
import { useNotify } from "../notices";
import { ErrorState, LoadingState } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { type BulkAction, useBulkRun } from "./use-bulk-run";

const WORDS = {
  cancel: {
    title: "Cancel all matching tasks",
    verb: "Cancel",
    done: "Cancelled",
    which: "pending or running",
  },
  retry: { title: "Retry all failed matching tasks", verb: "Retry", done: "Retried", which: "failed" },
  delete: {
    title: "Delete all finished matching tasks",
    verb: "Delete",
    done: "Deleted",
    which: "finished (completed, cancelled or failed)",
  },
} as const;

interface Props {
  action: BulkAction | null;
  query: TaskQuery;
  filter: TaskFilter;
  onClose: () => void;
}

/** Counts the matching tasks, asks to confirm, then runs the bulk action chunk by chunk with progress. */
export function BulkFilterDialog({ action, query, filter, onClose }: Props) {
  return (
    <ModalDialog
      open={action !== null}
      title={WORDS[action ?? "cancel"].title}
      onClose={onClose}
      testId="bulk-dialog"
    >
      {action && <BulkRun action={action} query={query} filter={filter} onClose={onClose} />}
    </ModalDialog>
  );
}

function BulkRun({ action, query, filter, onClose }: Omit<Props, "action"> & { action: BulkAction }) {
  const words = WORDS[action];
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const { state, count, start, stop } = useBulkRun(action, filter);
  const n = (value: number) => value.toLocaleString("en");

  const confirm = async () => {
    const outcome = await start();
    void invalidate();
    if (outcome)
      notify("success", `${words.done} ${tasks(outcome.done)}${outcome.stopped ? " (stopped)" : ""}`);
  };

  return (
    <div className="bulk-run">
      <p className="muted">Filter: {describeFilter(query)}</p>
      {state.phase === "counting" && <LoadingState label="Counting matching tasks…" />}
      {state.phase === "error" && <ErrorState what="the bulk action" error={state.error} />}
      {state.phase === "confirm" && (
        <p data-testid="bulk-summary">
          <strong data-testid="bulk-count">{n(state.eligible)}</strong> matching{" "}
          {state.eligible === 1 ? "task is" : "tasks are"} {words.which}
          {action === "cancel" &&
            state.eligible > 0 &&
            ` (${n(state.counts.PENDING)} pending, ${n(state.counts.PROCESSING)} running)`}
          {state.eligible === 0
            ? ": nothing to do."
            : `. ${words.verb} ${state.eligible === 1 ? "it" : "them"}?`}
        </p>
      )}
      {(state.phase === "running" || state.phase === "done") && (
        <Progress
          done={state.phase === "running" ? state.progress.done : state.done}
          remaining={state.phase === "running" ? state.progress.remaining : state.remaining}
          label={words.done}
          finished={state.phase === "done"}
        />
      )}
      {state.phase === "done" && state.remaining > 0 && (
        <p className="form-error">
          {n(state.remaining)} still match (
          {state.stalled ? "they could not be changed right now" : "stopped"}); running it again continues
          safely.
        </p>
      )}
      <div className="dialog-actions">
        {state.phase === "running" ? (
          <button type="button" className="button-secondary" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="button" className="button-secondary" onClick={onClose}>
            {state.phase === "confirm" && state.eligible > 0 ? "Keep them" : "Close"}
          </button>
        )}
        {state.phase === "error" && (
          <button type="button" onClick={() => void count()}>
            Try again
          </button>
        )}
        {state.phase === "confirm" && state.eligible > 0 && (
          <button
            type="button"
            className={action === "retry" ? undefined : "button-danger"}
            data-testid="bulk-confirm"
            onClick={() => void confirm()}
          >
            {words.verb} {n(state.eligible)} {state.eligible === 1 ? "task" : "tasks"}
          </button>
        )}
      </div>
    </div>
  );
}

function Progress({
  done,
  remaining,
  label,
  finished,
}: {
  done: number;
  remaining: number;
  label: string;
  finished: boolean;
}) {
  const total = done + remaining;
  return (
    <div className="bulk-progress" data-testid="bulk-progress">
      <progress value={progressRatio({ done, remaining })} max={1} aria-label="Progress" />
      <p role="status" data-testid="bulk-result">
        {finished
          ? `Done: ${label.toLowerCase()} ${tasks(done)}.`
          : `${label} ${done.toLocaleString("en")} of ${tasks(total)}…`}
      </p>
    </div>
  );
}

const tasks = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "task" : "tasks"}`;
