import type { InputIssue } from "@tps/core";

/**
 * The fields at fault in a create form's input, from the browser's check or the API's refusal
 * (`input/to: is required`). The live region stays in the page so a new list is announced.
 */
export function InputIssues({ id, issues }: { id: string; issues: readonly InputIssue[] }) {
  return (
    <div id={id} role="alert" className="input-issues-region">
      {issues.length > 0 && (
        <ul className="input-issues" data-testid="input-issues">
          {issues.map((issue) => (
            <li key={`${issue.path}\n${issue.message}`}>
              <code>{issue.path}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
