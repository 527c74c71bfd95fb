"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import "./modal-dialog.css";

interface Props {
  open: boolean;
  title: string;
  /** Called on Escape and when the dialog closes itself; the owner sets `open` to false. */
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal on the native `<dialog>`: it traps focus, closes on Escape and returns focus to what was
 * focused before it opened.
 */
export function ModalDialog({ open, title, onClose, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose} data-testid={testId}>
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
