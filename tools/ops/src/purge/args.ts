import { parseArgs } from "node:util";
import { purgeStatuses, TASK_STATUSES, type TaskStatus } from "@tps/core";
import { parseDuration } from "./duration";

export interface PurgeArgs {
  olderThanMs: number;
  statuses: readonly TaskStatus[];
  batch: number;
  pauseMs: number;
  dryRun: boolean;
}

export const USAGE = `usage: npm run purge -- --older-than <7d|12h|30m> [--status COMPLETED[,FAILED]] [--batch 5000] [--pause-ms 10] [--dry-run]
Deletes finished tasks (and their timelines) that finished longer ago than --older-than, from DATABASE_URL.`;

function whole(text: string | undefined, name: string, min: number, max: number, fallback: number) {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new Error(
      `${name} must be a whole number from ${min} to ${max.toLocaleString("en")}, not '${text}'`,
    );
  }
  return n;
}

/** The purge CLI's arguments, validated; throws an Error with one readable line on bad input. */
export function parsePurgeArgs(argv: readonly string[]): PurgeArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "older-than": { type: "string" },
      status: { type: "string", multiple: true },
      batch: { type: "string" },
      "pause-ms": { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values["older-than"] === undefined) throw new Error("--older-than is required (e.g. --older-than 7d)");
  const named = (values.status ?? []).flatMap((s) => s.split(",")).map((s) => s.trim().toUpperCase());
  const unknown = named.filter((s) => !TASK_STATUSES.includes(s as TaskStatus));
  if (unknown.length)
    throw new Error(`--status: unknown status ${unknown.join(", ")} (one of ${TASK_STATUSES.join(", ")})`);
  let statuses: readonly TaskStatus[];
  try {
    statuses = purgeStatuses(named as TaskStatus[]);
  } catch (error) {
    throw new Error(`--status: ${(error as Error).message}`);
  }
  return {
    olderThanMs: parseDuration(values["older-than"]),
    statuses,
    batch: whole(values.batch, "--batch", 1, 50_000, 5_000),
    pauseMs: whole(values["pause-ms"], "--pause-ms", 0, 60_000, 10),
    dryRun: values["dry-run"] ?? false,
  };
}
