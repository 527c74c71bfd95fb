import { z } from "zod";
import { MAX_TASK_ID } from "./task-id";

export { MAX_TASK_ID };

/**
 * The queue message. It carries only the id: the consumer reads the payload from Postgres when it
 * claims the task (Postgres is the source of truth, and big payloads stay out of the broker).
 */
/** A task message is a few bytes; a bigger body is not one of ours and is not even parsed. */
export const MAX_MESSAGE_BYTES = 4_096;

export const taskMessageSchema = z.object({ task_id: z.number().int().positive().max(MAX_TASK_ID) });
export type TaskMessage = z.infer<typeof taskMessageSchema>;

export function encodeTaskMessage(taskId: number): Buffer {
  return Buffer.from(JSON.stringify({ task_id: taskId } satisfies TaskMessage));
}

/** The task id of a message body, or null when the body is not a valid task message. */
export function decodeTaskMessage(body: Uint8Array): number | null {
  if (body.length > MAX_MESSAGE_BYTES) return null;
  try {
    const parsed = taskMessageSchema.safeParse(JSON.parse(Buffer.from(body).toString("utf8")));
    return parsed.success ? parsed.data.task_id : null;
  } catch {
    return null;
  }
}
