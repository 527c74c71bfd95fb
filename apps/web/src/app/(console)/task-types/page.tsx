import type { Metadata } from "next";
import { TaskTypesView } from "@/components/task-types/task-types-view";

export const metadata: Metadata = { title: "Task types" };

export default function TaskTypesPage() {
  return <TaskTypesView />;
}
