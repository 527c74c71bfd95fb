import type { Metadata } from "next";
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  // The dashboard reads its range from the URL (useSearchParams).
  return (
    <Suspense>
      <Dashboard />
    </Suspense>
  );
}
