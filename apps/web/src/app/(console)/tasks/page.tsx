import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/query-state";
import { TasksView } from "@/components/tasks/tasks-view";

export const metadata: Metadata = { title: "Tasks" };

/** The filters live in the URL (useSearchParams), which Next renders on the client inside Suspense. */
export default function TasksPage() {
  return (
    <Suspense
      fallback={
        <main id="main" className="page">
          <LoadingState label="Loading tasks…" />
        </main>
      }
    >
      <TasksView />
    </Suspense>
  );
}
