import { TASK_STATUSES, type TaskStatus } from "@tps/api/client";
import type { TaskTypeInfo } from "@tps/core";
import Link from "next/link";

/** One cell per status: how many tasks of the type are in it, linked to the list of those tasks. */
export function TypeCounts({ info }: { info: Pick<TaskTypeInfo, "type" | "counts"> }) {
  return TASK_STATUSES.map((status: TaskStatus) => {
    const count = info.counts[status] ?? 0;
    const href = `/tasks?type=${encodeURIComponent(info.type)}&status=${status}`;
    return (
      <td key={status} className="num" data-testid={`type-count-${info.type}-${status}`}>
        {count === 0 ? (
          <span className="muted">0</span>
        ) : (
          <Link href={href} prefetch={false} aria-label={`List ${status} tasks of type ${info.type}`}>
            {count.toLocaleString("en")}
          </Link>
        )}
      </td>
    );
  });
}
