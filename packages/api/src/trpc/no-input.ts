import { z } from "zod";

/**
 * The input of a procedure that takes none: nothing, or `{}`. Anything else is a 400, as unknown
 * keys are everywhere else (a caller who sends a filter to a procedure that has none learns so).
 */
export const noInput = z.strictObject({}).optional();
