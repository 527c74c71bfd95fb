import { localInputToIso } from "./local-datetime";

/** The longest delay, time to live and run-at distance the API accepts: one year. */
export const MAX_DELAY_MS = 31_536_000_000;
export const MIN_TTL_MS = 1_000;
export const MAX_PRIORITY = 9;

export const TIME_UNITS = { s: 1_000, min: 60_000, h: 3_600_000 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/** When a new task may start: now, at a local date-time, or after a delay. */
export type StartMode = "now" | "at" | "delay";

/** A create form's scheduling fields as typed (strings, as inputs hold them). */
export interface CreateOptionsForm {
  start: StartMode;
  /** A `datetime-local` value (browser time zone). */
  runAt: string;
  delay: string;
  delayUnit: TimeUnit;
  /** Empty: never expires. */
  ttl: string;
  ttlUnit: TimeUnit;
  priority: string;
}

/** What `tasks.create` and each `tasks.createMany` item take besides the input. */
export interface CreateOptions {
  runAt?: string;
  delayMs?: number;
  ttlMs?: number;
  priority?: number;
}

export type CreateOptionsResult = { ok: true; options: CreateOptions } | { ok: false; error: string };

export const DEFAULT_CREATE_OPTIONS: CreateOptionsForm = {
  start: "now",
  runAt: "",
  delay: "",
  delayUnit: "s",
  ttl: "",
  ttlUnit: "min",
  priority: "0",
};

const wholeNumber = (text: string): number | null => {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  return Number(trimmed);
};

/**
 * The API options for the form's fields, or why they cannot be sent. Defaults are left out (priority
 * 0, start now, no expiry), so a plain create sends exactly what it sent before. A run-at time in the
 * past is kept: the task runs now.
 */
export function createOptions(form: CreateOptionsForm, now = Date.now()): CreateOptionsResult {
  const options: CreateOptions = {};
  const priority = wholeNumber(form.priority || "0");
  if (priority === null || priority > MAX_PRIORITY) {
    return { ok: false, error: `Priority must be a whole number from 0 to ${MAX_PRIORITY}.` };
  }
  if (priority > 0) options.priority = priority;

  if (form.start === "at") {
    const runAt = localInputToIso(form.runAt);
    if (!runAt) return { ok: false, error: "Give the date and time to run at." };
    if (Date.parse(runAt) - now > MAX_DELAY_MS) {
      return { ok: false, error: "Run at must be within one year from now." };
    }
    options.runAt = runAt;
  } else if (form.start === "delay") {
    const amount = wholeNumber(form.delay);
    if (amount === null) return { ok: false, error: "The delay must be a whole number." };
    const delayMs = amount * TIME_UNITS[form.delayUnit];
    if (delayMs > MAX_DELAY_MS) return { ok: false, error: "The delay must be at most one year." };
    options.delayMs = delayMs;
  }

  if (form.ttl.trim() !== "") {
    const amount = wholeNumber(form.ttl);
    const ttlMs = amount === null ? Number.NaN : amount * TIME_UNITS[form.ttlUnit];
    if (!(ttlMs >= MIN_TTL_MS && ttlMs <= MAX_DELAY_MS)) {
      return { ok: false, error: "Expire after must be a whole number from 1 second to one year." };
    }
    options.ttlMs = ttlMs;
  }
  return { ok: true, options };
}

/** True when the options change nothing (the plain create path). */
export const isPlainCreate = (options: CreateOptions): boolean => Object.keys(options).length === 0;
