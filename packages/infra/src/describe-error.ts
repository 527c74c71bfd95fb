/** One short line for a health report: the first non-empty line of the message, else the code. */
export function describeError(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  const line = typeof message === "string" ? message.split("\n").find((l) => l.trim()) : undefined;
  return line?.trim() || (typeof code === "string" ? code : "unreachable");
}
