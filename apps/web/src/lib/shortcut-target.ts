/** The parts of a keydown event that decide whether a page shortcut may act on it. */
export interface ShortcutEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

const TYPING = new Set(["INPUT", "SELECT", "TEXTAREA"]);
/** Inputs that take no typed text: a row's checkbox keeps j/k working. */
const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset"]);
/** Elements where Enter (and Space) already do something. */
const ACTIVATABLE = new Set(["A", "BUTTON", "SUMMARY"]);

/**
 * Whether a single-key shortcut may handle `event`: never while typing (input, select, textarea,
 * contenteditable), with Ctrl/Cmd/Alt held (browser and OS shortcuts), during IME composition, inside
 * an open dialog, or when something else handled the key. Enter is left to links and buttons.
 * Shift is allowed: `?` is Shift+/ on most layouts.
 */
export function mayHandleShortcut(event: ShortcutEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) {
    return false;
  }
  const target = event.target as
    | (Partial<HTMLElement> & { type?: string; closest?: (s: string) => unknown })
    | null;
  const tag = target?.tagName?.toUpperCase() ?? "";
  const typed = tag !== "INPUT" || !NOT_TYPED.has(target?.type ?? "text");
  if ((TYPING.has(tag) && typed) || target?.isContentEditable) return false;
  if (target?.closest?.("dialog[open]")) return false;
  if (event.key === "Enter" && ACTIVATABLE.has(tag)) return false;
  return true;
}
