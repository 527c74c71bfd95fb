import { createHash } from "node:crypto";
import { type DeadLetter, decodeTaskMessage, MAX_DEAD_LETTER_BODY } from "@tps/core";
import type { GetMessage } from "amqplib";

type Headers = Record<string, unknown> | undefined;

/** amqplib decodes AMQP timestamps as `{ "!": "timestamp", value: seconds }` (or a plain number). */
function seconds(value: unknown): number | null {
  const raw = typeof value === "object" && value !== null ? (value as { value?: unknown }).value : value;
  return typeof raw === "number" && Number.isFinite(raw) ? raw : null;
}

interface Death {
  reason: string | null;
  count: number;
  time: number | null;
}

/** The broker's `x-death` entries: one per (queue, reason), most recent first, each with a count. */
function deaths(headers: Headers): Death[] {
  const list = headers?.["x-death"];
  if (!Array.isArray(list)) return [];
  return list.map((entry: Record<string, unknown>) => ({
    reason: typeof entry?.reason === "string" ? entry.reason : null,
    count: typeof entry?.count === "number" ? entry.count : 1,
    time: seconds(entry?.time),
  }));
}

const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());

/**
 * A dead-lettered message as the console lists it. The key is the publisher's message id, else a
 * hash of the body and the first death (queue, reason, time): stable while the message stays dead.
 * Death times come from `x-death` (second precision): the earliest and latest entry. The broker keeps
 * one entry per (queue, reason) and does not move its time when it counts a repeat, so a message
 * that died again the same way shows its first time as the last one too.
 */
export function toDeadLetter(message: GetMessage): DeadLetter {
  const headers = message.properties.headers as Headers;
  const list = deaths(headers);
  const times = list.flatMap((d) => (d.time === null ? [] : [d.time]));
  const first = times.length ? Math.min(...times) : null;
  const lastReason = headers?.["x-last-death-reason"];
  const firstQueue = headers?.["x-first-death-queue"];
  const firstReason = headers?.["x-first-death-reason"];
  const key =
    typeof message.properties.messageId === "string" && message.properties.messageId
      ? message.properties.messageId
      : `h-${createHash("sha256")
          .update(message.content)
          .update(`\0${String(firstQueue)}\0${String(firstReason)}\0${first}`)
          .digest("hex")
          .slice(0, 32)}`;
  return {
    key,
    body: message.content
      .subarray(0, MAX_DEAD_LETTER_BODY * 4)
      .toString("utf8")
      .slice(0, MAX_DEAD_LETTER_BODY),
    bodyBytes: message.content.length,
    taskId: decodeTaskMessage(message.content),
    reason: typeof lastReason === "string" ? lastReason : (list[0]?.reason ?? null),
    deathCount: list.reduce((sum, d) => sum + d.count, 0),
    firstDeathAt: iso(first),
    lastDeathAt: iso(times.length ? Math.max(...times) : null),
  };
}

/**
 * The headers to publish a redriven message with: its own, death records included, so that if it
 * dies again the broker counts on (`x-death` count 2) and its key stays the same. Only the quorum
 * queue's delivery count is left out: it belongs to the earlier delivery.
 */
export function redriveHeaders(headers: Headers): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name !== "x-delivery-count"));
}
