import { AsyncLocalStorage } from "node:async_hooks";

/** What the procedures of one HTTP request learned, for that request's log line. */
export interface RequestNote {
  procedures: string[];
  /** Who called, when the context identifies the caller. */
  principal?: string;
}

/** Set by the web's request logger around each request; procedures write into it. */
export const requestScope = new AsyncLocalStorage<RequestNote>();
