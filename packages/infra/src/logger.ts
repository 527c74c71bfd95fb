import pino, { type Logger } from "pino";
import { activeTraceIds } from "./telemetry/trace-context";

export type { Logger } from "pino";

/**
 * JSON logs on stdout (one line an event); `LOG_LEVEL` picks the level. Lines written inside a
 * sampled span carry its `trace_id` and `span_id`, so a log line leads to its trace.
 */
export function createLogger(name: string, level = "info"): Logger {
  return pino({ name, level, base: { service: name }, mixin: activeTraceIds });
}
