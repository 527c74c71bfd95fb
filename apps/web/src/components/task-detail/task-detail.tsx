"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { CopyButton } from "../copy-button";
import { usePollInterval } from "../live-updates";
import { ErrorState, LoadingState } from "../query-state";
import { StatusBadge } from "../status-badge";
import { ExpiredTag } from "../tasks/pending-note";
import { TaskActions } from "./task-actions";
import "./task-detail.css";
import { TaskSummary } from "./task-summary";
import { TaskTimeline } from "./task-timeline";

/** One task, live: what it is, where it stands, and every step it went through. */
export function TaskDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const refetchInterval = usePollInterval();
  const task = useQuery(trpc.tasks.get.queryOptions({ id }, { refetchInterval, retry: notFoundIsFinal }));
  const events = useQuery(
    trpc.tasks.events.queryOptions({ id }, { refetchInterval, retry: notFoundIsFinal }),
  );

  return (
    <main id="main" className="page">
      <p>
        <Link href="/tasks" className="back-link">
          ← All tasks
        </Link>
      </p>
      <div className="page-header">
        <div className="title-group">
          <h1>Task #{id}</h1>
          <CopyButton text={String(id)} what="task id" testId="copy-task-id" />
          {task.data && (
            <span data-testid="detail-status">
              <StatusBadge status={task.data.status} />
            </span>
          )}
          {task.data && <ExpiredTag task={task.data} />}
        </div>
        {task.data && <TaskActions task={task.data} />}
      </div>
      {task.isPending && <LoadingState label="Loading the task…" testId="detail-loading" />}
      {task.isError &&
        (task.error.data?.code === "NOT_FOUND" ? (
          <p className="state state-empty" data-testid="detail-not-found">
            There is no task #{id}. It may have been created in another database;{" "}
            <Link href="/tasks">see all tasks</Link>.
          </p>
        ) : (
          <ErrorState what={`task #${id}`} error={task.error} testId="detail-error" />
        ))}
      {task.data && <TaskSummary task={task.data} />}
      {task.data && <TaskTimeline taskId={id} events={events} />}
    </main>
  );
}

/** A missing task stays missing: retrying only delays the message. */
function notFoundIsFinal(failures: number, error: { data?: { code?: string } | null }) {
  return error.data?.code !== "NOT_FOUND" && failures < 1;
}
