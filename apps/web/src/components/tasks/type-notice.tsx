"use client";

import { waitsForWorker } from "@/lib/waits-for-worker";
import { NoWorkerWarning } from "../task-types/no-worker-warning";
import { useTaskTypes } from "../task-types/use-task-types";

/** Over a list filtered by type: says so when that type's tasks wait and no worker serves it. */
export function TypeNotice({ type }: { type: string | undefined }) {
  const types = useTaskTypes();
  const info = type ? types.data?.find((t) => t.type === type) : undefined;
  if (!info || !waitsForWorker(info)) return null;
  return <NoWorkerWarning info={info} />;
}
