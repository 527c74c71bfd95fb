import {
  createInput,
  MAX_PAYLOAD_BYTES,
  SLEEP_TYPE,
  TASK_STATUSES,
  TASK_TYPE_PATTERN,
  taskCountsSchema,
  taskPageSchema,
  taskSchema,
  timelineEntrySchema,
} from "@tps/core";
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod input schema, as OpenAPI 3.1 embeds it (no `$schema` of its own). */
export function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const time = { type: "string", format: "date-time" };
const typeName = {
  type: "string",
  pattern: TASK_TYPE_PATTERN.source,
  description: `The task type (GET /api/v1/task-types lists them); \`${SLEEP_TYPE}\` is the built-in simulated work.`,
};

/**
 * JSON Schemas of zod output schemas as OpenAPI components, by name; a component inside another (a
 * TaskPage's items) is referred to, not repeated. Objects are left open (no `additionalProperties:
 * false`, which zod writes for outputs) so a field added later does not break a strict client, and a
 * date-time is its `format` alone (zod adds its own 300-character regex of the same rule to each).
 */
export function outputSchemas<Name extends string>(named: Record<Name, z.ZodType>): Record<Name, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries<z.ZodType>(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "output",
    unrepresentable: "any",
    uri: (id) => ref(id).$ref,
    override: ({ jsonSchema }) => {
      if (jsonSchema.type === "object" && jsonSchema.additionalProperties === false)
        delete jsonSchema.additionalProperties;
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  });
  const components = {} as Record<Name, JsonSchema>;
  for (const id of Object.keys(named) as Name[]) {
    const { $schema: _schema, $id: _id, ...rest } = schemas[id] as JsonSchema; // OpenAPI's are bare
    components[id] = rest;
  }
  return components;
}

/** The task and what answers made of tasks are, from packages/core's schemas (the types' own). */
export const TASK_SCHEMAS = outputSchemas({
  Task: taskSchema,
  TaskPage: taskPageSchema,
  TaskCounts: taskCountsSchema,
  TimelineEntry: timelineEntrySchema,
});

const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, { type: "integer", minimum: 0 }]));

/** A registered task type (packages/core's `TaskTypeInfo`). */
export const taskTypeInfoSchema: JsonSchema = {
  type: "object",
  required: [
    "type",
    "inputSchema",
    "outputSchema",
    "maxAttempts",
    "timeoutMs",
    "registeredAt",
    "registeredBy",
    "workersOnline",
    "counts",
    "durationP50Ms",
    "durationP95Ms",
    "limits",
    "waiting",
  ],
  properties: {
    type: typeName,
    inputSchema: { description: "JSON Schema (draft 2020-12) every create's `input` is checked against." },
    outputSchema: { description: "JSON Schema of the work's output, or null when the type declares none." },
    maxAttempts: { type: "integer", minimum: 1 },
    timeoutMs: { type: ["integer", "null"], minimum: 1 },
    registeredAt: time,
    registeredBy: { type: ["string", "null"], description: "The worker that registered it last." },
    workersOnline: { type: "integer", minimum: 0, description: "Worker processes serving the type now." },
    counts: { type: "object", required: [...TASK_STATUSES], properties: counts },
    durationP50Ms: {
      type: ["number", "null"],
      description: "Started → finished of its tasks completed in the last hour.",
    },
    durationP95Ms: { type: ["number", "null"] },
    limits: {
      type: "object",
      description: "Limits its workers declared, enforced across all of them (null where none).",
      required: ["concurrency", "rate"],
      properties: {
        concurrency: {
          type: ["object", "null"],
          required: ["limit", "keyed"],
          properties: {
            limit: {
              type: "integer",
              minimum: 1,
              description: "At most this many running at once (per key when keyed).",
            },
            keyed: { type: "boolean" },
          },
        },
        rate: {
          type: ["object", "null"],
          required: ["max", "perMs", "keyed"],
          properties: {
            max: {
              type: "integer",
              minimum: 1,
              description: "At most this many starts in any window of perMs.",
            },
            perMs: { type: "integer", minimum: 1 },
            keyed: { type: "boolean" },
          },
        },
      },
    },
    waiting: {
      type: "object",
      description: "PENDING tasks held back by each limit now.",
      required: ["concurrency", "rate"],
      properties: { concurrency: { type: "integer", minimum: 0 }, rate: { type: "integer", minimum: 0 } },
    },
  },
};

export const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "The tRPC error code, e.g. NOT_FOUND, CONFLICT, BAD_REQUEST." },
        message: { type: "string" },
        issues: {
          type: "array",
          description:
            "400 only: the fields at fault. `path` is a request field (`payload`, `type`, `filter.status`) or, for an input its type's schema refuses, `input` followed by a JSON pointer into it (`input/a`).",
          items: {
            type: "object",
            required: ["path", "message"],
            properties: { path: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  },
};

/** The create body's fields, from the create procedure's own zod schema. */
const createFields = (inputSchema(createInput) as { properties: Record<string, JsonSchema> }).properties;

/** `{ payload }`: the seed's form, a task of type `sleep` whose input is the payload. */
export const createWithPayloadSchema: JsonSchema = {
  type: "object",
  description: `The original form: a task of type \`${SLEEP_TYPE}\` whose input is the payload string.`,
  required: ["payload"],
  additionalProperties: false,
  properties: {
    type: { const: SLEEP_TYPE },
    payload: { ...createFields.payload, description: `At most ${MAX_PAYLOAD_BYTES} bytes (UTF-8).` },
    idempotencyKey: idempotencyKey(),
    ...runOptions(),
  },
};

/** `{ type, input }` for any type: used when the document is built without the registered types. */
export const createTypedSchema: JsonSchema = {
  type: "object",
  description:
    "A task of a registered type; `input` is checked against the type's input schema. Fetched with an API key (or the console's session), this document lists every registered type's input schema here.",
  required: ["type", "input"],
  additionalProperties: false,
  properties: { type: typeName, input: {}, idempotencyKey: idempotencyKey(), ...runOptions() },
};

/** `{ type: <type>, input }` for one registered type, its input by reference. */
export const createOfTypeSchema = (type: string, inputRef: string): JsonSchema => ({
  type: "object",
  required: ["type", "input"],
  additionalProperties: false,
  properties: {
    type: { const: type },
    input: ref(inputRef),
    idempotencyKey: idempotencyKey(),
    ...runOptions(),
  },
});

/** runAt, delayMs, ttlMs and priority, from the create's zod schema, each with what it does. */
function runOptions(): Record<string, JsonSchema> {
  const about = {
    runAt:
      "Start no earlier than this time (at most one year ahead; a past time runs now). Not with delayMs.",
    delayMs: "Start no earlier than this many milliseconds from now (up to one year). Not with runAt.",
    ttlMs:
      'Not started within this many milliseconds of its run time, the task ends CANCELED without running (expired: true, lastError "expired").',
    priority: "0-9, default 0: higher starts first.",
  };
  return Object.fromEntries(
    Object.entries(about).map(([field, description]) => [field, { ...createFields[field], description }]),
  );
}

function idempotencyKey(): JsonSchema {
  return {
    ...createFields.idempotencyKey,
    description:
      "Within 24 hours the same key from the same caller returns the same task (200, Idempotent-Replayed: true), " +
      "never a duplicate; with another type or input it is a 409. The Idempotency-Key header does the same.",
  };
}
