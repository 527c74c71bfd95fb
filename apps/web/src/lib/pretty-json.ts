/** A JSON value indented by two spaces, as the detail and task types pages show inputs, outputs and schemas. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2) ?? "null";
