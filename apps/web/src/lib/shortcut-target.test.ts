import { describe, expect, it } from "vitest";
import { mayHandleShortcut, type ShortcutEvent } from "./shortcut-target";

const element = (tagName: string, extra: Record<string, unknown> = {}) =>
  ({ tagName, closest: () => null, ...extra }) as unknown as EventTarget;

const event = (patch: Partial<ShortcutEvent> = {}): ShortcutEvent => ({
  key: "j",
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  defaultPrevented: false,
  target: element("BODY"),
  ...patch,
});

describe("mayHandleShortcut", () => {
  it("handles a plain key on the page, and Shift (for ?)", () => {
    expect(mayHandleShortcut(event())).toBe(true);
    expect(mayHandleShortcut(event({ key: "?" }))).toBe(true);
    expect(mayHandleShortcut(event({ target: null }))).toBe(true);
  });

  it.each(["INPUT", "SELECT", "TEXTAREA", "input"])("ignores keys typed in %s", (tag) => {
    expect(mayHandleShortcut(event({ target: element(tag) }))).toBe(false);
  });

  it("lets checkboxes (row selection) pass, not text inputs", () => {
    expect(mayHandleShortcut(event({ target: element("INPUT", { type: "checkbox" }) }))).toBe(true);
    expect(mayHandleShortcut(event({ target: element("INPUT", { type: "search" }) }))).toBe(false);
  });

  it("ignores contenteditable elements, open dialogs and handled keys", () => {
    expect(mayHandleShortcut(event({ target: element("DIV", { isContentEditable: true }) }))).toBe(false);
    expect(mayHandleShortcut(event({ target: element("BUTTON", { closest: () => ({}) }) }))).toBe(false);
    expect(mayHandleShortcut(event({ defaultPrevented: true }))).toBe(false);
    expect(mayHandleShortcut(event({ isComposing: true }))).toBe(false);
  });

  it.each(["ctrlKey", "metaKey", "altKey"] as const)("ignores keys with %s", (modifier) => {
    expect(mayHandleShortcut(event({ [modifier]: true }))).toBe(false);
  });

  it("leaves Enter to links and buttons, not other keys", () => {
    expect(mayHandleShortcut(event({ key: "Enter", target: element("A") }))).toBe(false);
    expect(mayHandleShortcut(event({ key: "Enter", target: element("BUTTON") }))).toBe(false);
    expect(mayHandleShortcut(event({ key: "Enter", target: element("TR") }))).toBe(true);
    expect(mayHandleShortcut(event({ key: "j", target: element("BUTTON") }))).toBe(true);
  });
});
