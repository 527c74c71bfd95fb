import type { InputIssue } from "@tps/core";

/**
 * The field issues of a refused create (`error.data.issues`: a 400 naming the input fields at
 * fault, or an unknown type), or [] for any other error. Read defensively: the error may come from
 * a proxy or an older server.
 */
export function apiIssues(error: unknown): InputIssue[] {
  const issues = (error as { data?: { issues?: unknown } } | null)?.data?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is InputIssue =>
      typeof i === "object" && i !== null && typeof i.path === "string" && typeof i.message === "string",
  );
}
