"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { parseTaskQuery, type TaskQuery, taskQueryToSearch } from "@/lib/task-query";

/**
 * The tasks page's search, filter and sort, kept in the URL so it can be shared and the back button
 * steps through earlier filters. `update(patch, "replace")` edits the current history entry instead
 * (used while typing a search). Needs a `<Suspense>` boundary above it (useSearchParams).
 */
export function useTaskQuery() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseTaskQuery(params), [params]);
  // Two updates before the URL has caught up (filling "from", then "to") must build on each other,
  // not on the same stale query: the last query sent is remembered until the URL moves on.
  const sent = useRef<{ from: string; query: TaskQuery } | null>(null);
  // Once the URL moves (to what was sent, or back and forth in history) it is the truth again.
  useEffect(() => {
    if (params) sent.current = null;
  }, [params]);
  const update = useCallback(
    (patch: Partial<TaskQuery>, how: "push" | "replace" = "push") => {
      const base = params.toString();
      const current = sent.current?.from === base ? sent.current.query : query;
      const next = { ...current, ...patch };
      sent.current = { from: base, query: next };
      const search = taskQueryToSearch(next, new URLSearchParams(base));
      router[how](`${pathname}${search}`, { scroll: false });
    },
    [query, params, pathname, router],
  );
  return { query, update };
}
