import { TaskError } from "./errors";
import { isStorableInstant } from "./instant";
import { MAX_TASK_ID } from "./task-id";

/** Position after the last row of a page: its id, and its finished time when sorting by it. */
export interface CursorPosition {
  id: number;
  finishedAt?: string;
}

/** Cursors are opaque to clients (base64url JSON), so their shape can change without breaking them. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPosition;
    if (
      !Number.isInteger(value.id) ||
      value.id < 0 ||
      value.id > MAX_TASK_ID || // past a safe integer: not an id we could have handed out
      (value.finishedAt !== undefined &&
        (typeof value.finishedAt !== "string" || !isStorableInstant(value.finishedAt)))
    ) {
      throw new Error("bad cursor");
    }
    return value;
  } catch {
    throw new TaskError("BAD_REQUEST", "cursor is not valid: pass back a nextCursor from a previous page");
  }
}
