import type { ReactNode } from "react";

/** A column heading: its text, or its text and the class that aligns it (e.g. `num`). */
export type Column = string | { label: string; className?: string };

/**
 * The head row of a console table: an optional checkbox cell first, the named columns, and an
 * unlabelled (for screen readers, "Actions") column last when rows carry buttons.
 */
export function TableHead({
  columns,
  select,
  actions = false,
}: {
  columns: readonly Column[];
  select?: ReactNode;
  actions?: boolean;
}) {
  return (
    <thead>
      <tr>
        {select}
        {columns.map((column) => {
          const { label, className } = typeof column === "string" ? { label: column } : column;
          return (
            <th key={label} scope="col" className={className}>
              {label}
            </th>
          );
        })}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** The head cell whose checkbox selects (or clears) every row shown. */
export function SelectAllHeader({
  label,
  checked,
  disabled,
  testId,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  testId?: string;
  onChange: (on: boolean) => void;
}) {
  return (
    <th scope="col" className="select">
      <input
        type="checkbox"
        aria-label={label}
        data-testid={testId}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
    </th>
  );
}

/** What an infinite query offers for the next page. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** Under a paged table: how many rows are shown, and "Load more" while there are further pages. */
export function LoadMoreFooter({
  list,
  shown,
  shownTestId,
  loadMoreTestId,
}: {
  list: Pages;
  shown: ReactNode;
  shownTestId: string;
  loadMoreTestId: string;
}) {
  return (
    <div className="table-footer">
      <span data-testid={shownTestId}>{shown}</span>
      {list.hasNextPage && (
        <button
          type="button"
          data-testid={loadMoreTestId}
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}

/** Reloads a query now; disabled while it is already fetching. */
export function RefreshButton({
  query,
  className = "button-secondary",
}: {
  query: { isFetching: boolean; refetch: () => Promise<unknown> };
  className?: string;
}) {
  return (
    <button
      type="button"
      className={className}
      onClick={() => void query.refetch()}
      disabled={query.isFetching}
    >
      Refresh
    </button>
  );
}
