import { prettyJson } from "@/lib/pretty-json";

/** A JSON Schema, collapsed behind its name until opened (they can run to pages). */
export function SchemaDetails({ label, schema, testId }: { label: string; schema: unknown; testId: string }) {
  if (schema === null || schema === undefined) {
    return (
      <p className="schema-none" data-testid={testId}>
        {label}: <span className="muted">not declared</span>
      </p>
    );
  }
  return (
    <details className="schema-details" data-testid={testId}>
      <summary>{label}</summary>
      <pre className="json-block">{prettyJson(schema)}</pre>
    </details>
  );
}
