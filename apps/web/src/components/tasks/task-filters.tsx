"use client";

import { EMPTY_QUERY, isFiltered, type TaskQuery } from "@/lib/task-query";
import { CreatedRange } from "./created-range";
import { SearchBox } from "./search-box";
import { SortSelect } from "./sort-select";
import { StatusFilter } from "./status-filter";
import { TypeFilter } from "./type-filter";

interface Props {
  query: TaskQuery;
  update: (patch: Partial<TaskQuery>, how?: "push" | "replace") => void;
}

/** Search, type, status, created range and sort; every change lands in the URL. */
export function TaskFilters({ query, update }: Props) {
  return (
    <div className="filters" data-testid="task-filters">
      <SearchBox value={query.search} onSearch={(search, how) => update({ search }, how)} />
      <TypeFilter value={query.type} onChange={(type) => update({ type })} />
      <StatusFilter value={query.status} onChange={(status) => update({ status })} />
      <CreatedRange from={query.from} to={query.to} onChange={(range) => update(range)} />
      <SortSelect value={query.sort} onChange={(sort) => update({ sort })} />
      {(isFiltered(query) || query.sort !== "created") && (
        <button type="button" className="button-secondary" onClick={() => update(EMPTY_QUERY)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
