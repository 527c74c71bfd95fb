import type { UseQueryResult } from "@tanstack/react-query";
import type { TimelineEntry } from "@tps/api/client";
import Link from "next/link";
import { auditTaskHref } from "@/lib/audit-query";
import { formatDuration } from "@/lib/format-duration";
import { describeTimeline, stepDetail } from "@/lib/timeline";
import { RoleGate } from "../current-user";
import { EmptyState, ErrorState, LoadingState } from "../query-state";
import { Time } from "../time";
import { useNow } from "../use-now";

interface Props {
  taskId: number;
  events: UseQueryResult<TimelineEntry[], unknown>;
}

/**
 * Every recorded step, oldest first, with the time since the step before and since creation; for
 * admins, a link to the task's audit entries (who cancelled, retried or deleted it, refusals too).
 */
export function TaskTimeline({ taskId, events }: Props) {
  const steps = events.data ? describeTimeline(events.data) : [];
  const now = useNow();
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <div className="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <RoleGate min="admin">
          <Link href={auditTaskHref(taskId)} prefetch={false} data-testid="timeline-audit-link">
            Audit entries for this task
          </Link>
        </RoleGate>
      </div>
      {events.isPending && <LoadingState label="Loading the timeline…" />}
      {events.isError && <ErrorState what="the timeline" error={events.error} testId="timeline-error" />}
      {events.data && steps.length === 0 && <EmptyState>No steps recorded for this task.</EmptyState>}
      {steps.length > 0 && (
        <ol className="timeline" data-testid="timeline">
          {steps.map((step) => (
            <li
              key={`${step.type}-${step.at}-${step.attempt}`}
              className={`step step-${step.tone}`}
              data-testid="timeline-step"
              data-type={step.type}
            >
              <span className="step-dot" aria-hidden="true" />
              <div className="step-main">
                <span className="step-label">{step.label}</span>
                {stepDetail(step) && <span className="step-detail">{stepDetail(step)}</span>}
                {step.consumer && <span className="step-consumer">on {step.consumer}</span>}
              </div>
              <span className="step-time">
                <Time value={step.at} now={now} show="absolute" />
              </span>
              <span className="step-gap" title="Time since the step before">
                {step.sincePreviousMs === null ? "start" : `+${formatDuration(step.sincePreviousMs)}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
