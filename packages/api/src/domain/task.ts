import { z } from "zod";
import { TASK_STATUSES, type TaskStatus } from "./task-state";

/** A task as the API returns it. Timestamps are ISO-8601 strings so any JSON client can read them. */
export interface Task {
  id: number;
  payload: string;
  status: TaskStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  publishedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  canceledAt: string | null;
  updatedAt: string;
}

export type TaskCounts = Record<TaskStatus, number>;

export interface TaskPage {
  items: Task[];
  nextCursor: number | null;
}

export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_BATCH_PAYLOADS = 10_000;
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_PAGE_SIZE = 100;

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

export const payloadSchema = z
  .string({ error: "payload must be a string" })
  .refine((s) => byteLength(s) <= MAX_PAYLOAD_BYTES, {
    message: `payload must be at most ${MAX_PAYLOAD_BYTES} bytes (64 KiB)`,
  });

export const taskStatusSchema = z.enum(TASK_STATUSES);
export const taskIdSchema = z.number().int().positive().max(2_147_483_647);

export const createInput = z.object({ payload: payloadSchema });

export const createManyInput = z.object({
  payloads: z
    .array(payloadSchema)
    .min(1, "payloads must hold at least one payload")
    .max(MAX_BATCH_PAYLOADS, `payloads may hold at most ${MAX_BATCH_PAYLOADS} payloads per call`)
    .refine((ps) => ps.reduce((sum, p) => sum + byteLength(p), 0) <= MAX_BATCH_BYTES, {
      message: `payloads may total at most ${MAX_BATCH_BYTES} bytes (16 MiB) per call`,
    }),
});

export const idInput = z.object({ id: taskIdSchema });

export const listInput = z.object({
  status: taskStatusSchema.optional(),
  cursor: taskIdSchema.nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type ListQuery = z.output<typeof listInput>;
