import type { TaskTypeInfo } from "@tps/core";
import Link from "next/link";
import { noWorkerWarning } from "@/lib/waits-for-worker";
import "./task-types.css";

type Served = Pick<TaskTypeInfo, "type" | "workersOnline" | "counts">;

/** "No worker for type X": its tasks wait in the queue until a worker that serves X starts. */
export function NoWorkerWarning({ info, linkToList = false }: { info: Served; linkToList?: boolean }) {
  return (
    <p className="banner banner-warning note-pending" role="alert" data-testid={`no-worker-${info.type}`}>
      <strong>{noWorkerWarning(info)}</strong>{" "}
      {linkToList && (
        <Link href={`/tasks?type=${encodeURIComponent(info.type)}&status=PENDING`} prefetch={false}>
          See its pending tasks
        </Link>
      )}
    </p>
  );
}
