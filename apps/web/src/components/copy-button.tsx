"use client";

import { useEffect, useState } from "react";

const SHOWN_MS = 2_000;

interface Props {
  text: string;
  /** What is copied, for the button's name: "Copy payload". */
  what: string;
  testId?: string;
}

/** Copies `text` to the clipboard and says so ("Copied") for two seconds, or that it could not. */
export function CopyButton({ text, what, testId }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed"); // no permission, or not a secure context (plain http on another host)
    }
  };

  return (
    <button
      type="button"
      className="button-small copy-button"
      aria-label={`Copy ${what}`}
      data-testid={testId}
      data-state={state}
      onClick={() => void copy()}
    >
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      </span>
    </button>
  );
}
