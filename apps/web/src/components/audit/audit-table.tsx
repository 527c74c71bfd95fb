"use client";

import { type AuditPageQuery, isAuditFiltered, isDoneOutcome } from "@/lib/audit-query";
import { LoadMoreFooter, TableHead } from "../data-table";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { Time } from "../time";
import { useNow } from "../use-now";
import type { AuditList, AuditListEntry } from "./use-audit-list";

const VIA = { session: "console session", apiKey: "API key" } as const;
const COLUMNS = ["Time", "Actor", "Action", "Target", "Outcome"];

/** The matching entries, newest first, and "Load more" for older ones. */
export function AuditTable({ list, query }: { list: AuditList; query: AuditPageQuery }) {
  const now = useNow();
  if (list.isPending) return <LoadingState label="Loading the audit log…" testId="audit-loading" />;
  if (list.isError && !list.data)
    return <ErrorState what="the audit log" error={list.error} testId="audit-error" />;
  if (list.entries.length === 0) {
    return (
      <EmptyState testId="audit-empty">
        {isAuditFiltered(query) ? "No audit entries match these filters." : "The audit log is empty."}
      </EmptyState>
    );
  }
  return (
    <>
      {list.isError && <ErrorState what="more of the audit log" error={list.error} testId="audit-error" />}
      <div className="audit-scroll">
        <table
          className="plain-table audit-table"
          data-testid="audit-table"
          aria-busy={list.isPlaceholderData}
        >
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <TableHead columns={COLUMNS} />
          <tbody>
            {list.entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      <LoadMoreFooter
        list={list}
        shownTestId="audit-shown"
        loadMoreTestId="audit-load-more"
        shown={
          <>
            {list.entries.length.toLocaleString()} {list.entries.length === 1 ? "entry" : "entries"}
            {list.hasNextPage ? " shown; older ones on demand" : ""}
          </>
        }
      />
    </>
  );
}

function AuditRow({ entry, now }: { entry: AuditListEntry; now: number }) {
  const done = isDoneOutcome(entry.outcome);
  return (
    <tr data-testid="audit-row" data-id={entry.id}>
      <td className="audit-time">
        <Time value={entry.at} now={now} show="absolute" />
      </td>
      <td>
        <span className="audit-actor" title={`id ${entry.actorId}`}>
          {entry.actor}
        </span>
        <span className="audit-via muted">via {VIA[entry.via]}</span>
      </td>
      <td className="mono">{entry.procedure}</td>
      <td className="mono audit-target">{entry.target ?? "—"}</td>
      <td>
        <span className={`badge ${done ? "badge-completed" : "badge-failed"}`} data-testid="audit-outcome">
          {entry.outcome}
        </span>
      </td>
    </tr>
  );
}
