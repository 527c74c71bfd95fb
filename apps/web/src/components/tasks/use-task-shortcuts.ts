"use client";

import type { Task } from "@tps/api/client";
import { canCancel } from "@tps/core/rules";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useCan } from "../current-user";
import { useShortcuts } from "../use-shortcuts";

/** The search box `/` focuses (see search-box.tsx). */
const SEARCH_INPUT_ID = "task-search";

/**
 * The tasks page's keyboard: `/` search, `j`/`k` move the active row, `Enter` opens it, `c` asks to
 * cancel it (operators, cancellable tasks only), `?` lists the shortcuts. The active row is kept by
 * id, so it stays on its task while live updates move the rows.
 */
export function useTaskShortcuts(tasks: readonly Task[]) {
  const router = useRouter();
  const mayCancel = useCan("operator");
  const [activeId, setActiveId] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [cancelling, setCancelling] = useState<Task | null>(null);
  const active = tasks.find((task) => task.id === activeId) ?? null;

  const move = (step: 1 | -1) => {
    if (tasks.length === 0) return;
    const index = active ? tasks.indexOf(active) : -1;
    const next = index === -1 ? (step === 1 ? 0 : tasks.length - 1) : index + step;
    const task = tasks[Math.min(tasks.length - 1, Math.max(0, next))];
    if (task) setActiveId(task.id);
  };

  const open = () => {
    if (active) router.push(`/tasks/${active.id}`);
  };
  useShortcuts({
    "/": focusSearch,
    j: () => move(1),
    k: () => move(-1),
    Enter: open,
    c: () => {
      if (active && mayCancel && canCancel(active.status)) setCancelling(active);
    },
    "?": () => setHelpOpen(true),
  });

  // The active row takes the focus (its outline shows it) and is scrolled into view.
  useEffect(() => {
    if (activeId === null) return;
    const row = document.querySelector<HTMLElement>(`tr[data-task-id="${activeId}"]`);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  return {
    activeId: active?.id ?? null,
    helpOpen,
    openHelp: () => setHelpOpen(true),
    closeHelp: () => setHelpOpen(false),
    cancelling,
    closeCancel: () => setCancelling(null),
  };
}

/** Focuses the search box with the caret after its text, to refine the search. */
function focusSearch() {
  const input = document.getElementById(SEARCH_INPUT_ID);
  if (!(input instanceof HTMLInputElement)) return;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}
