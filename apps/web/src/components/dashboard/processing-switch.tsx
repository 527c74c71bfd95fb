"use client";

import { useMutation } from "@tanstack/react-query";
import { PAUSE_REASON_MAX } from "@tps/api/client";
import { useState } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import "../processing-banner.css";
import { RoleGate } from "../current-user";
import { ModalDialog } from "../modal-dialog";
import { useNotify } from "../notices";
import { useHydrated } from "../use-hydrated";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { useProcessing } from "../use-processing";

/**
 * Whether consumers are claiming work; admins get Pause (after a confirmation, with an optional
 * reason) and Resume. Everyone else sees the state only.
 */
export function ProcessingSwitch() {
  const { data } = useProcessing();
  const [confirming, setConfirming] = useState(false);
  // The header's banner fetches the same state first: rendering it while hydrating would mismatch.
  const hydrated = useHydrated();
  if (!data || !hydrated) return null;
  return (
    <div className="processing-switch" data-testid="processing-switch">
      <span className="processing-state" data-paused={data.paused} data-testid="processing-state">
        {data.paused ? "Processing paused" : "Processing running"}
      </span>
      <RoleGate min="admin">
        {data.paused ? (
          <ResumeButton />
        ) : (
          <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
            Pause processing
          </button>
        )}
        <ModalDialog
          open={confirming}
          title="Pause processing?"
          onClose={() => setConfirming(false)}
          testId="pause-dialog"
        >
          <PauseForm onDone={() => setConfirming(false)} />
        </ModalDialog>
      </RoleGate>
    </div>
  );
}

/** What a pause or resume does when it lands: say so, refetch the console's live queries. */
function useSwitchOptions(action: "pause" | "resume", onSuccess?: () => void) {
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  return {
    onSuccess: () => {
      notify("success", action === "pause" ? "Processing paused" : "Processing resumed");
      onSuccess?.();
      return invalidate();
    },
    onError: (error: unknown) =>
      notify("error", `Could not ${action} processing: ${describeApiError(error)}`),
  };
}

function ResumeButton() {
  const trpc = useTRPC();
  const resume = useMutation(trpc.processing.resume.mutationOptions(useSwitchOptions("resume")));
  return (
    <button type="button" disabled={resume.isPending} onClick={() => resume.mutate()}>
      {resume.isPending ? "Resuming…" : "Resume processing"}
    </button>
  );
}

function PauseForm({ onDone }: { onDone: () => void }) {
  const [reason, setReason] = useState("");
  const trpc = useTRPC();
  const pause = useMutation(trpc.processing.pause.mutationOptions(useSwitchOptions("pause", onDone)));
  return (
    <form
      className="pause-form"
      onSubmit={(event) => {
        event.preventDefault();
        pause.mutate({ reason: reason.trim() || undefined });
      }}
    >
      <p>
        Every consumer stops claiming new tasks within a second and finishes the ones it is running. New tasks
        wait as pending until processing is resumed.
      </p>
      <label>
        Reason (optional, shown to everyone)
        <input
          type="text"
          value={reason}
          maxLength={PAUSE_REASON_MAX}
          placeholder="e.g. database upgrade"
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onDone}>
          Keep running
        </button>
        <button type="submit" className="button-danger" disabled={pause.isPending}>
          {pause.isPending ? "Pausing…" : "Pause processing"}
        </button>
      </div>
    </form>
  );
}
