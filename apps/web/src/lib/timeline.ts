import type { TimelineEntry, TimelineType } from "@tps/api/client";

export type StepTone = "neutral" | "progress" | "success" | "warning" | "error";

export interface TimelineStep extends TimelineEntry {
  label: string;
  tone: StepTone;
  /** Time since the step before (null for the first). */
  sincePreviousMs: number | null;
  /** Time since the task was created. */
  sinceStartMs: number;
}

const STEPS: Record<TimelineType, { label: (e: TimelineEntry) => string; tone: StepTone }> = {
  created: { label: () => "Created", tone: "neutral" },
  published: { label: (e) => (e.detail ? `Published (by the ${e.detail})` : "Published"), tone: "neutral" },
  started: { label: (e) => attempt(e, "started"), tone: "progress" },
  completed: { label: () => "Completed", tone: "success" },
  backoff: { label: (e) => attempt(e, "failed, retry scheduled"), tone: "warning" },
  failed: { label: (e) => attempt(e, "failed, no attempts left"), tone: "error" },
  released: { label: (e) => attempt(e, "released (consumer stopping)"), tone: "warning" },
  lease_expired: { label: (e) => attempt(e, "lease expired (consumer lost)"), tone: "warning" },
  canceled: { label: (e) => (e.actor ? `Cancelled by ${e.actor}` : "Cancelled"), tone: "neutral" },
  expired: { label: () => "Expired (not started within its time to live)", tone: "warning" },
  retried: {
    label: (e) => `Retried by ${e.actor ?? "an operator"} (attempts reset)`,
    tone: "progress",
  },
};

function attempt(entry: TimelineEntry, what: string): string {
  return entry.attempt ? `Attempt ${entry.attempt} ${what}` : `Attempt ${what}`;
}

/** Labels each step and adds the durations between steps and since creation. */
export function describeTimeline(entries: readonly TimelineEntry[]): TimelineStep[] {
  const start = entries[0] ? Date.parse(entries[0].at) : 0;
  return entries.map((entry, i) => {
    const at = Date.parse(entry.at);
    const previous = i > 0 ? Date.parse(entries[i - 1]!.at) : null;
    const step = STEPS[entry.type] ?? { label: () => entry.type, tone: "neutral" as const };
    return {
      ...entry,
      label: step.label(entry),
      tone: step.tone,
      sincePreviousMs: previous === null ? null : at - previous,
      sinceStartMs: at - start,
    };
  });
}

/** The detail worth showing under a step: errors, and the lease outcome; not routine markers. */
export function stepDetail(step: Pick<TimelineEntry, "type" | "detail">): string | null {
  if (!step.detail || step.type === "published") return null;
  if (step.type === "lease_expired")
    return step.detail === "released" ? "Put back in the queue" : "Marked failed";
  return step.detail;
}
