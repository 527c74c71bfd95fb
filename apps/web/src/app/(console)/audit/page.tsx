import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { LoadingState } from "@/components/query-state";

export const metadata: Metadata = { title: "Audit log" };

/** The filters live in the URL (useSearchParams), which Next renders on the client inside Suspense. */
export default function AuditPage() {
  return (
    <Suspense
      fallback={
        <main id="main" className="page">
          <LoadingState label="Loading the audit log…" />
        </main>
      }
    >
      <AuditView />
    </Suspense>
  );
}
