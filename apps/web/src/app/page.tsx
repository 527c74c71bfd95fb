import { TaskConsole } from "@/components/task-console";

export default function ConsolePage() {
  return <TaskConsole />;
}
