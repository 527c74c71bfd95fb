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
