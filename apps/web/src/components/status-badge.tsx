import type { TaskStatus } from "@tps/api/client";

/** The status as text on a coloured pill; the colour only repeats what the text says. */
export function StatusBadge({ status, title }: { status: TaskStatus; title?: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} title={title}>
      {status}
    </span>
  );
}
