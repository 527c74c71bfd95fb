"use client";

import "./notices.css";
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";

export type NoticeKind = "success" | "error";
interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

type Notify = (kind: NoticeKind, text: string) => void;
const NoticeContext = createContext<Notify>(() => {});

/** `notify("error", "…")` shows a dismissible message; successes fade after a few seconds. */
export const useNotify = () => useContext(NoticeContext);

let nextId = 1;
const SUCCESS_MS = 4_000;
const ERROR_MS = 10_000;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = nextId++;
      setNotices((all) => [...all.slice(-4), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === "error" ? ERROR_MS : SUCCESS_MS);
    },
    [dismiss],
  );
  return (
    <NoticeContext value={notify}>
      {children}
      <section className="notices" aria-live="polite" aria-label="Notifications" data-testid="notices">
        {notices.map((n) => (
          <div
            key={n.id}
            className={`notice notice-${n.kind}`}
            role={n.kind === "error" ? "alert" : "status"}
          >
            <span>{n.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </section>
    </NoticeContext>
  );
}
