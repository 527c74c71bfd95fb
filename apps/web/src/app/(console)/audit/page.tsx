import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { UrlStatePage } from "@/components/url-state-page";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <UrlStatePage loading="Loading the audit log…">
      <AuditView />
    </UrlStatePage>
  );
}
