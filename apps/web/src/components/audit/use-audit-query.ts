"use client";

import { useCallback } from "react";
import { type AuditPageQuery, auditQueryToSearch, parseAuditQuery } from "@/lib/audit-query";
import { useUrlState } from "../use-url-state";

/**
 * The audit page's filters, kept in the URL (the task page links to `/audit?taskId=42`). Needs a
 * `<Suspense>` boundary above it (useSearchParams).
 */
export function useAuditQuery() {
  const { query, go } = useUrlState(parseAuditQuery);
  const apply = useCallback((next: AuditPageQuery) => go(auditQueryToSearch(next)), [go]);
  return { query, apply };
}
