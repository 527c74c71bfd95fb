"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

export default function ConsolePage() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.tasks.stats.queryOptions(undefined, { refetchInterval: 1000 }));
  return (
    <main>
      <h1>Tasks</h1>
      <pre>{JSON.stringify(stats.data ?? null)}</pre>
    </main>
  );
}
