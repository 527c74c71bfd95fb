import { MAX_TASK_ID } from "@tps/core/rules";
import type { Metadata } from "next";
import Link from "next/link";
import { TaskDetail } from "@/components/task-detail/task-detail";

interface Props {
  params: Promise<{ id: string }>;
}

const parseId = (text: string) =>
  /^\d{1,16}$/.test(text) && Number(text) <= MAX_TASK_ID ? Number(text) : null;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Task #${(await params).id}` };
}

export default async function TaskPage({ params }: Props) {
  const id = parseId((await params).id);
  if (id === null || id < 1) {
    return (
      <main id="main" className="page">
        <h1>Not a task id</h1>
        <p className="state state-empty" data-testid="detail-not-found">
          Task ids are whole numbers. <Link href="/tasks">See all tasks</Link>.
        </p>
      </main>
    );
  }
  return <TaskDetail id={id} />;
}
