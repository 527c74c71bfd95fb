"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";

const DEBOUNCE_MS = 350;

interface Props {
  value: string;
  /** `replace`: refine the current search in place instead of adding a history entry. */
  onSearch: (search: string, how: "push" | "replace") => void;
}

/** Search by id (`123`, `#123`) or payload text; applies after a short pause in typing, or on Enter. */
export function SearchBox({ value, onSearch }: Props) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]); // back/forward navigation
  const latest = useRef(onSearch);
  latest.current = onSearch;

  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => latest.current(text.trim(), value ? "replace" : "push"), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== value) onSearch(text.trim(), "push");
  };

  return (
    <form className="field search-field" onSubmit={submit} aria-label="Search tasks">
      <label htmlFor="task-search">Search</label>
      <input
        id="task-search"
        type="search"
        data-testid="task-search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="id (#123) or payload text"
        maxLength={200}
        autoComplete="off"
      />
    </form>
  );
}
