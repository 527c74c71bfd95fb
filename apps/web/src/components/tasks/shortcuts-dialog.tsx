"use client";

import { ModalDialog } from "../modal-dialog";

export const TASK_SHORTCUTS: [keys: string[], what: string][] = [
  [["/"], "Search"],
  [["j", "k"], "Next / previous task"],
  [["Enter"], "Open the task"],
  [["c"], "Cancel the task (asks first)"],
  [["?"], "Show these shortcuts"],
  [["Esc"], "Close a dialog"],
];

/** The tasks page's keyboard shortcuts (opened with `?`, closed with Esc). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <ModalDialog open={open} title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-dialog">
      <dl className="shortcuts">
        {TASK_SHORTCUTS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && " / "}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">Shortcuts do nothing while you type in a field.</p>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
