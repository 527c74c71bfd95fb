"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
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
  const update = useCallback(
    (patch: Partial<TaskQuery>, how: "push" | "replace" = "push") => {
      const search = taskQueryToSearch({ ...query, ...patch }, new URLSearchParams(params.toString()));
      router[how](`${pathname}${search}`, { scroll: false });
    },
    [query, params, pathname, router],
  );
  return { query, update };
}
