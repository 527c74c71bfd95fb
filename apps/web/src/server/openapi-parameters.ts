import { appRouter, type RestProcedure } from "@tps/api";
import type { z } from "zod";
import { inputSchema, type JsonSchema } from "./openapi-schemas";
import type { RestRoute } from "./rest/rest-routes";

type ObjectSchema = { properties?: Record<string, JsonSchema>; required?: string[] } & JsonSchema;

/** The JSON Schema of a procedure's zod input, read from the router itself. */
export function procedureInput(path: RestProcedure): ObjectSchema {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { inputs: z.ZodType[] } }
  >;
  const [input] = procedures[path]!._def.inputs;
  if (!input) return {};
  // An optional input (`{ filter? }` or nothing) comes out as its object: "not given" is no body.
  return inputSchema(input) as ObjectSchema;
}

/** The `{id}` path parameter, typed as the procedure's `id` (a task's number, a schedule's UUID). */
function idParameter(path: RestProcedure) {
  const id = procedureInput(path).properties?.id ?? { type: "string" };
  return { name: "id", in: "path", required: true, schema: id };
}

/** Query parameters as the route reads them: the input's fields, the filter's flattened. */
function queryParameters(path: RestProcedure, names: readonly string[]) {
  const { filter, ...fields } = procedureInput(path).properties ?? {};
  const filterFields = (filter as ObjectSchema | undefined)?.properties ?? {};
  const all: Record<string, JsonSchema> = { ...filterFields, ...fields };
  return names.map((name) => ({ name, in: "query", required: false, schema: all[name] ?? {} }));
}

/** A route's path and query parameters. */
export function parametersOf(route: RestRoute) {
  return [
    ...(route.path.includes("{id}") ? [idParameter(route.procedure)] : []),
    ...(typeof route.input === "object" ? queryParameters(route.procedure, route.input.query) : []),
  ];
}

/**
 * A route's JSON body: the procedure's input, less the `id` the path carries (a PATCH changes at
 * least one field). Null when the route reads no body.
 */
export function bodyOf(route: RestRoute): JsonSchema | null {
  if (route.input !== "body" && route.input !== "body+scheduleId") return null;
  const schema = procedureInput(route.procedure);
  if (route.input === "body") return schema;
  const { properties = {}, required = [], ...rest } = schema;
  const { id: _id, ...fields } = properties;
  const stillRequired = required.filter((name) => name !== "id");
  return {
    ...rest,
    properties: fields,
    ...(stillRequired.length ? { required: stillRequired } : {}),
    ...(route.method === "PATCH" ? { minProperties: 1 } : {}),
  };
}
