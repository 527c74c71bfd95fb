"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { type AuditPageQuery, auditQueryToSearch, parseAuditQuery } from "@/lib/audit-query";

/**
 * The audit page's filters, kept in the URL so a filtered view can be shared (the task page links
 * to `/audit?taskId=42`) and the back button steps through earlier filters. Needs a `<Suspense>`
 * boundary above it (useSearchParams).
 */
export function useAuditQuery() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => parseAuditQuery(params), [params]);
  const apply = useCallback(
    (next: AuditPageQuery) => router.push(`${pathname}${auditQueryToSearch(next)}`, { scroll: false }),
    [pathname, router],
  );
  return { query, apply };
}
