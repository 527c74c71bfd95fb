"use client";

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
