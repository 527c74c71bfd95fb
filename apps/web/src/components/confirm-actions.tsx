"use client";

import type { ReactNode } from "react";
import { ModalDialog } from "./modal-dialog";

interface ConfirmActionsProps {
  /** What the confirming button says, and says while its call runs. */
  label: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  testId: string;
  onKeep(): void;
  onConfirm(): void;
}

/** The two buttons of a dialog that confirms a destructive action: keep it, or do it. */
export function ConfirmActions({
  label,
  pendingLabel,
  pending,
  disabled,
  testId,
  onKeep,
  onConfirm,
}: ConfirmActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button-secondary" onClick={onKeep}>
        Keep it
      </button>
      <button
        type="button"
        className="button-danger"
        data-testid={testId}
        disabled={pending || disabled}
        onClick={onConfirm}
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}

interface ConfirmDialogProps<T> {
  /** What the action is about; the dialog is open while it is set. */
  subject: T | null;
  title: string;
  /** The dialog's test id; its confirming button's is the same with `-button`. */
  testId: string;
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** What the action does to `subject`, in words, above the buttons. */
  describe: (subject: T) => ReactNode;
  onClose(): void;
  onConfirm(subject: T): void;
}

/** A modal that asks before a destructive action on one thing: what it does, then keep it or do it. */
export function ConfirmDialog<T>({
  subject,
  title,
  testId,
  label,
  pendingLabel,
  pending,
  describe,
  onClose,
  onConfirm,
}: ConfirmDialogProps<T>) {
  return (
    <ModalDialog open={subject !== null} title={title} onClose={onClose} testId={testId}>
      {subject !== null && <p>{describe(subject)}</p>}
      <ConfirmActions
        label={label}
        pendingLabel={pendingLabel}
        pending={pending}
        disabled={subject === null}
        testId={`${testId}-button`}
        onKeep={onClose}
        onConfirm={() => subject !== null && onConfirm(subject)}
      />
    </ModalDialog>
  );
}
