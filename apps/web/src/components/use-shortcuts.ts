"use client";

import { useEffect, useRef } from "react";
import { mayHandleShortcut } from "@/lib/shortcut-target";

/** Single-key shortcuts: the key as `KeyboardEvent.key` ("/", "j", "Enter", "?") → what it does. */
export type Shortcuts = Partial<Record<string, () => void>>;

/**
 * Page-wide single-key shortcuts while the component is mounted. They never fire while typing in a
 * field, with Ctrl/Cmd/Alt held, or while a dialog is open (see mayHandleShortcut); a handled key's
 * default action is prevented (`/` is not typed into the search box it focuses).
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = latest.current[event.key];
      if (!action || !mayHandleShortcut(event)) return;
      if (document.querySelector("dialog[open]")) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
