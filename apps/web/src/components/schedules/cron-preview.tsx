"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { formatDateTime } from "@/lib/format-time";
import { useTRPC } from "@/trpc/react";
import { useDebounced } from "./use-schedules";

/**
 * The next runs of the cron expression being typed, from the server's parser (`schedules.preview`),
 * so what the form shows is what the scheduler will do; its refusal (bad cron, unknown time zone)
 * shows instead.
 */
export function CronPreview({ id, cron, timezone }: { id: string; cron: string; timezone: string }) {
  const trpc = useTRPC();
  const input = useDebounced({ cron: cron.trim(), timezone: timezone.trim() || undefined });
  const preview = useQuery(
    trpc.schedules.preview.queryOptions(input.cron ? input : skipToken, {
      retry: false,
      placeholderData: (previous) => previous,
    }),
  );
  if (!input.cron) {
    return (
      <p id={id} className="hint">
        Five fields (minute hour day month weekday) or six with seconds first: <code>*/2 * * * * *</code> is
        every 2 seconds, <code>0 9 * * 1-5</code> 9:00 on weekdays.
      </p>
    );
  }
  if (preview.isError) {
    return (
      <p id={id} className="form-error" role="alert" data-testid="cron-preview-error">
        {describeApiError(preview.error)}
      </p>
    );
  }
  const runs = preview.data?.nextRuns ?? [];
  return (
    <div id={id} className="cron-preview" aria-live="polite" data-testid="cron-preview">
      <span className="hint">Next runs:</span>
      {runs.length === 0 ? (
        <span className="muted">{preview.isFetching ? "…" : "none"}</span>
      ) : (
        <ol>
          {runs.map((run) => (
            <li key={run}>
              <time dateTime={run}>{formatDateTime(run)}</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
