import type { Metadata } from "next";
import { TasksView } from "@/components/tasks/tasks-view";
import { UrlStatePage } from "@/components/url-state-page";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <UrlStatePage loading="Loading tasks…">
      <TasksView />
    </UrlStatePage>
  );
}
