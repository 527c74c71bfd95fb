import type { TaskTypeRegistration } from "@tps/core";
import { z } from "zod";
import type { AnyTaskDefinition } from "./define-task";

/** The default of RetryPolicy.maxAttempts (and of the tasks table). */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MAX_BACKOFF_MS = 60_000;

/** A schema as JSON Schema (draft 2020-12); `io` says whether it describes what goes in or comes out. */
function jsonSchemaOf(schema: z.ZodType, io: "input" | "output", type: string): unknown {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: "any" });
  } catch (error) {
    throw new Error(
      `${type}: its ${io} schema cannot be written as JSON Schema: ${(error as Error).message}`,
    );
  }
}

/** What the worker registers per type: the API validates creates against `inputSchema`. */
export const registrationOf = (definition: AnyTaskDefinition): TaskTypeRegistration => ({
  type: definition.type,
  inputSchema: jsonSchemaOf(definition.input, "input", definition.type),
  outputSchema: definition.output ? jsonSchemaOf(definition.output, "output", definition.type) : null,
  maxAttempts: definition.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  timeoutMs: definition.timeoutMs ?? null,
  limits: {
    concurrency:
      definition.concurrencyLimit === undefined
        ? null
        : { limit: definition.concurrencyLimit, keyed: definition.concurrencyKey !== undefined },
    rate: definition.rateLimit
      ? {
          max: definition.rateLimit.max,
          perMs: definition.rateLimit.perMs,
          keyed: definition.rateLimit.key !== undefined,
        }
      : null,
  },
});
