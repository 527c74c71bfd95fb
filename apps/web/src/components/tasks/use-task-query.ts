"use client";

import { useCallback, useEffect, useRef } from "react";
import { parseTaskQuery, type TaskQuery, taskQueryToSearch } from "@/lib/task-query";
import { useUrlState } from "../use-url-state";

/**
 * The tasks page's search, filter and sort, kept in the URL (useUrlState). `update(patch, "replace")`
 * edits the current history entry instead (used while typing a search). Needs a `<Suspense>` boundary
 * above it (useSearchParams).
 */
export function useTaskQuery() {
  const { params, query, go } = useUrlState(parseTaskQuery);
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
      go(taskQueryToSearch(next, new URLSearchParams(base)), how);
    },
    [query, params, go],
  );
  return { query, update };
}
