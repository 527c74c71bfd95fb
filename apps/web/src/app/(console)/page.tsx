import type { Metadata } from "next";
import { Dashboard } from "@/components/dashboard/dashboard";
import { rangeFromSearch } from "@/lib/activity-range";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * The range comes from the URL here, on the server, rather than from useSearchParams in the client:
 * that would need a Suspense boundary, which hydrates after the header, by when the header's queries
 * may have answered and the dashboard's first render would no longer match the server's HTML.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const { range } = await searchParams;
  return <Dashboard range={rangeFromSearch(range)} />;
}
