import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/** JSON logs on stdout (one line an event); `LOG_LEVEL` picks the level. */
export function createLogger(name: string, level = "info"): Logger {
  return pino({ name, level, base: { service: name } });
}
