"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { useCan } from "../current-user";
import { RefreshButton } from "../data-table";
import { ModalDialog } from "../modal-dialog";
import { useNotify } from "../notices";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { DeadLetterTable } from "./dead-letter-table";
import "./dead-letters.css";

/** How many messages the page lists (held unacked by the broker only while being read). */
const LIST_LIMIT = 200;

type Action = { kind: "redrive" | "purge"; scope: "selected" | "all" };
/**
 * The admin's buttons above the table, in their order. Redriving the selection runs at once (its
 * count is on the button); the others ask first, with the count, in the confirmation dialog.
 */
const ACTION_BUTTONS: { action: Action; label: string; className?: string; confirm: boolean }[] = [
  { action: { kind: "redrive", scope: "selected" }, label: "Redrive selected", confirm: false },
  {
    action: { kind: "redrive", scope: "all" },
    label: "Redrive all",
    className: "button-secondary",
    confirm: true,
  },
  {
    action: { kind: "purge", scope: "selected" },
    label: "Purge selected",
    className: "button-danger",
    confirm: true,
  },
  { action: { kind: "purge", scope: "all" }, label: "Purge all", className: "button-danger", confirm: true },
];
const plural = (n: number) => `${n.toLocaleString()} dead letter${n === 1 ? "" : "s"}`;

/**
 * The dead-letter queue: what the consumers refused and why. Admins redrive messages to the work
 * queue (those of finished tasks are dropped) or purge them, after a confirmation with the count.
 */
export function DeadLettersView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const isAdmin = useCan("admin");
  const list = useQuery({
    ...trpc.deadLetters.list.queryOptions({ limit: LIST_LIMIT }),
    retry: false,
    refetchOnWindowFocus: false,
  });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<Action | null>(null);
  const listed = list.data?.items ?? [];
  const depth = list.data?.depth ?? listed.length;
  // Only keys still listed count (a refresh may have removed some).
  const keys = listed.filter((l) => selected.has(l.key)).map((l) => l.key);

  const act = useMutation({
    mutationFn: async ({ kind, scope }: Action) => {
      const input = scope === "all" ? { all: true as const } : { keys };
      if (kind === "purge") {
        const r = await client.deadLetters.purge.mutate(input);
        return `Purged ${plural(r.purged)}${missing(r.missing)}`;
      }
      const r = await client.deadLetters.redrive.mutate(input);
      const dropped = r.dropped ? `; dropped ${r.dropped} of finished tasks` : "";
      return `Redrove ${plural(r.redriven)}${dropped}${missing(r.missing)}`;
    },
    onSuccess: (text) => {
      notify("success", text);
      setSelected(new Set());
    },
    onError: (error) => notify("error", describeApiError(error)),
    onSettled: () => {
      setConfirming(null);
      return queryClient.invalidateQueries({ queryKey: trpc.deadLetters.list.queryKey() });
    },
  });

  const count = (action: Action) => (action.scope === "all" ? depth : keys.length);
  const select = (key: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Dead letters</h1>
        <RefreshButton query={list} />
      </div>
      <p className="muted">
        Messages the consumers refused (malformed, unknown task) or that went over the delivery limit.
      </p>
      {list.isPending ? (
        <LoadingState label="Reading the dead-letter queue…" testId="dead-letters-loading" />
      ) : list.isError ? (
        <ErrorState what="the dead-letter queue" error={list.error} testId="dead-letters-error" />
      ) : listed.length === 0 ? (
        <EmptyState testId="dead-letters-empty">The dead-letter queue is empty.</EmptyState>
      ) : (
        <>
          <div className="dead-letter-actions" data-testid="dead-letter-actions">
            <span className="grow" data-testid="dead-letter-depth">
              {depth > listed.length
                ? `${plural(depth)}; the oldest ${listed.length.toLocaleString()} shown`
                : plural(depth)}
            </span>
            {isAdmin &&
              ACTION_BUTTONS.map(({ action, label, className, confirm }) => (
                <button
                  key={label}
                  type="button"
                  className={className}
                  disabled={(action.scope === "selected" && keys.length === 0) || act.isPending}
                  onClick={() => (confirm ? setConfirming(action) : act.mutate(action))}
                >
                  {label}
                  {!confirm && keys.length ? ` (${keys.length})` : ""}
                </button>
              ))}
          </div>
          <DeadLetterTable
            letters={listed}
            selected={selected}
            onSelect={select}
            onSelectAll={(on) => setSelected(on ? new Set(listed.map((l) => l.key)) : new Set())}
            selectable={isAdmin}
          />
        </>
      )}
      <ModalDialog
        open={confirming !== null}
        title={confirming?.kind === "purge" ? "Purge dead letters" : "Redrive dead letters"}
        onClose={() => setConfirming(null)}
        testId="dead-letter-confirm"
      >
        {confirming && (
          <>
            <p data-testid="dead-letter-confirm-text">
              {confirming.kind === "purge"
                ? `Delete ${plural(count(confirming))} for good? This cannot be undone.`
                : `Publish ${plural(count(confirming))} back to the work queue? Messages of finished tasks are dropped.`}
            </p>
            <div className="dialog-actions">
              <button type="button" className="button-secondary" onClick={() => setConfirming(null)}>
                Keep them
              </button>
              <button
                type="button"
                className={confirming.kind === "purge" ? "button-danger" : undefined}
                disabled={act.isPending}
                onClick={() => act.mutate(confirming)}
              >
                {confirming.kind === "purge" ? "Purge" : "Redrive"} {plural(count(confirming))}
              </button>
            </div>
          </>
        )}
      </ModalDialog>
    </main>
  );
}

const missing = (n: number) => (n ? `; ${n} no longer there` : "");
