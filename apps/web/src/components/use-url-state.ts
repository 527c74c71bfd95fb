"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * A page's state kept in the URL, so a view can be shared and the back button steps through earlier
 * ones: `query` is the search parsed by `parse` (a module-level function, so it stays the same),
 * `go(search)` moves to another search without scrolling. Needs a `<Suspense>` boundary above it
 * (useSearchParams).
 */
export function useUrlState<Query>(parse: (params: URLSearchParams) => Query) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parse(params), [parse, params]);
  const go = useCallback(
    (search: string, how: "push" | "replace" = "push") =>
      router[how](`${pathname}${search}`, { scroll: false }),
    [pathname, router],
  );
  return { params, query, go };
}
