"use client";

import { AdminPage } from "../admin/admin-page";
import { RefreshButton } from "../data-table";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";
import "./audit.css";
import { useAuditList } from "./use-audit-list";
import { useAuditQuery } from "./use-audit-query";

/** Who did what through the API, newest first: every mutation, done or refused. Admins only. */
export function AuditView() {
  return (
    <AdminPage title="Audit log">
      <AuditLog />
    </AdminPage>
  );
}

function AuditLog() {
  const { query, apply } = useAuditQuery();
  const list = useAuditList(query);
  return (
    <>
      <p className="muted">
        Every change made through the console or the API, and every refused attempt: who, how, what about and
        how it ended. Entries cannot be changed or deleted by the application.
      </p>
      <AuditFilters query={query} onApply={apply} />
      <div className="audit-results">
        <RefreshButton query={list} className="button-secondary audit-refresh" />
        <AuditTable list={list} query={query} />
      </div>
    </>
  );
}
