"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { type AuditPageQuery, toAuditFilter } from "@/lib/audit-query";
import { useTRPC, useTRPCClient } from "@/trpc/react";

export const AUDIT_PAGE_SIZE = 50;

/**
 * The entries matching the page's filters, newest first, page by page: each next page starts
 * below the last id shown (`before`). Not live: the log only grows at the top, and the page has a
 * Refresh button. While new filters load, the old rows stay.
 */
export function useAuditList(query: AuditPageQuery) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const filter = toAuditFilter(query);
  const result = useInfiniteQuery({
    queryKey: [...trpc.audit.list.pathKey(), filter],
    queryFn: ({ pageParam }) =>
      client.audit.list.query({ ...filter, before: pageParam, limit: AUDIT_PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const entries = result.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...result, entries };
}

export type AuditList = ReturnType<typeof useAuditList>;
export type AuditListEntry = AuditList["entries"][number];
