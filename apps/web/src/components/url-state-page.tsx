import { type ReactNode, Suspense } from "react";
import { LoadingState } from "./query-state";

/**
 * A page whose filters live in the URL (useSearchParams), which Next renders on the client inside
 * Suspense: until then the page says what it is loading.
 */
export function UrlStatePage({ loading, children }: { loading: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <main id="main" className="page">
          <LoadingState label={loading} />
        </main>
      }
    >
      {children}
    </Suspense>
  );
}
