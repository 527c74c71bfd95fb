import type { JsonValue, TaskTypeInfo } from "@tps/core";
import { createOfTypeSchema, createTypedSchema, type JsonSchema, ref } from "./openapi-schemas";

/** What the document needs of a registered type. */
export type RegisteredType = Pick<TaskTypeInfo, "type" | "inputSchema" | "outputSchema">;

/** A component key for a name: OpenAPI allows only `^[a-zA-Z0-9._-]+$` (type names already fit). */
export const componentKey = (prefix: string, name: string) =>
  `${prefix}_${name.replace(/[^a-zA-Z0-9._-]/g, "_")}`;

/**
 * A registered JSON Schema as an OpenAPI 3.1 component: without `$schema` and `$id` of its own
 * (the document's dialect applies), and with its local references (`#/$defs/…`, `#`) re-rooted
 * under the component, where they now live.
 */
export function embeddedSchema(schema: JsonValue, key: string): JsonSchema | boolean {
  if (typeof schema === "boolean") return schema;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return { description: "The registered schema is not a JSON Schema object; any JSON is accepted here." };
  }
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return reroot(rest, `#/components/schemas/${key}`) as JsonSchema;
}

function reroot(value: JsonValue, base: string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => reroot(v, base));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, v]) => [
      name,
      name === "$ref" && typeof v === "string" && v.startsWith("#")
        ? `${base}${v.slice(1)}`
        : reroot(v, base),
    ]),
  );
}

/**
 * The registered types' part of the document: each type's input (and output, when declared) as a
 * component (`TaskInput_<type>`, `TaskOutput_<type>`), a create body per type (`CreateTask_<type>`),
 * and the typed create body: one of those, told apart by `type`. Without registered types, the
 * typed body is the generic `{ type, input }`.
 */
export function typedCreate(types: readonly RegisteredType[]) {
  const schemas: Record<string, JsonSchema | boolean> = {};
  const mapping: Record<string, string> = {};
  for (const { type, inputSchema, outputSchema } of [...types].sort((a, b) => a.type.localeCompare(b.type))) {
    const input = componentKey("TaskInput", type);
    const create = componentKey("CreateTask", type);
    schemas[input] = embeddedSchema(inputSchema, input);
    if (outputSchema !== null) {
      const output = componentKey("TaskOutput", type);
      schemas[output] = embeddedSchema(outputSchema, output);
    }
    schemas[create] = createOfTypeSchema(type, input);
    mapping[type] = ref(create).$ref;
  }
  const body: JsonSchema =
    types.length === 0
      ? ref("CreateTypedTask")
      : {
          oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
          discriminator: { propertyName: "type", mapping },
        };
  return { schemas: types.length === 0 ? { CreateTypedTask: createTypedSchema } : schemas, body };
}
