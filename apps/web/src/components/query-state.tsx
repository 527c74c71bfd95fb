import type { ReactNode } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import "./query-state.css";

/** The three states every data view has before it can show data. */
export function LoadingState({ label, testId }: { label: string; testId?: string }) {
  return (
    <p className="state state-loading" role="status" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorState({ what, error, testId }: { what: string; error: unknown; testId?: string }) {
  return (
    <p className="state state-error" role="alert" data-testid={testId}>
      Could not load {what}: {describeApiError(error)}
    </p>
  );
}

export function EmptyState({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="state state-empty" data-testid={testId}>
      {children}
    </p>
  );
}

/** Under a form: why its last submit was refused (nothing while it has not failed). */
export function MutationError({ mutation }: { mutation: { isError: boolean; error: unknown } }) {
  if (!mutation.isError) return null;
  return (
    <p className="form-error" role="alert">
      {describeApiError(mutation.error)}
    </p>
  );
}

/**
 * The states above a list that is refetched on a timer, worded after its `noun` ("schedules"):
 * loading, why a fetch failed (older rows stay on screen, so the message says so), or `empty` once
 * it has loaded nothing. Test ids are the noun, dashed, with `-loading`, `-error` and `-empty`.
 */
export function PolledListState({
  query,
  count,
  noun,
  fresh = noun,
  empty,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: unknown };
  count: number;
  noun: string;
  /** What a failed refetch could not bring, when that is not the noun itself. */
  fresh?: string;
  empty: ReactNode;
}) {
  const testId = noun.replaceAll(" ", "-");
  return (
    <>
      {query.isPending && <LoadingState label={`Loading ${noun}…`} testId={`${testId}-loading`} />}
      {query.isError && (
        <ErrorState
          what={query.data ? `fresh ${fresh} (showing the last ones)` : `the ${noun}`}
          error={query.error}
          testId={`${testId}-error`}
        />
      )}
      {query.data !== undefined && count === 0 && <EmptyState testId={`${testId}-empty`}>{empty}</EmptyState>}
    </>
  );
}
