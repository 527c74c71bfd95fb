type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  required?: unknown;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const DEPTH = 4;

/**
 * A starting point for the create form's JSON input, from the type's input schema: its required
 * properties with a placeholder of the right type (a default, const or first enum value when the
 * schema has one), so the operator edits values instead of typing the shape.
 */
export function exampleInput(schema: unknown): string {
  return JSON.stringify(example(schema, 0) ?? {}, null, 2);
}

function example(node: unknown, depth: number): unknown {
  if (typeof node !== "object" || node === null) return null;
  const schema = node as Schema;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative) return example(alternative, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      if (depth >= DEPTH) return {};
      const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
      const entries = Object.entries(schema.properties ?? {}).filter(([name]) => required.includes(name));
      return Object.fromEntries(entries.map(([name, value]) => [name, example(value, depth + 1)]));
    }
    case "array":
      return [];
    case "string":
      return "";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}
