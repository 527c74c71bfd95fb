"use client";

import {
  canCancel,
  canRetry,
  isTerminal,
  TASK_STATUSES,
  type TaskCounts,
  type TaskFilter,
} from "@tps/api/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { type Progress, runUntilDone } from "@/lib/run-until-done";
import { useTRPCClient } from "@/trpc/react";

export type BulkAction = "cancel" | "retry" | "delete";

export type BulkState =
  | { phase: "counting" }
  | { phase: "confirm"; counts: TaskCounts; eligible: number }
  | { phase: "running"; progress: Progress }
  | { phase: "done"; done: number; remaining: number; stalled: boolean; stopped: boolean }
  | { phase: "error"; error: unknown };

/** Tasks per call: big enough for a million rows in a few hundred calls, small enough to show progress. */
const CHUNK = 2_000;

const ELIGIBLE = {
  cancel: TASK_STATUSES.filter(canCancel),
  retry: TASK_STATUSES.filter(canRetry),
  delete: TASK_STATUSES.filter(isTerminal),
};

const MATCHING = { cancel: "cancelMatching", retry: "retryMatching", delete: "deleteMatching" } as const;

/**
 * Count first (the statuses the state machine lets the action leave), then, once confirmed, call the
 * `…Matching` mutation until nothing remains. Every call is idempotent, so a repeat (or a run after a
 * stop or an error) simply continues where the last one ended.
 */
export function useBulkRun(action: BulkAction, filter: TaskFilter) {
  const client = useTRPCClient();
  const [state, setState] = useState<BulkState>({ phase: "counting" });
  const abort = useRef<AbortController | null>(null);
  /** The count the operator saw and confirmed. */
  const confirmed = useRef(0);

  const count = useCallback(async () => {
    setState({ phase: "counting" });
    try {
      const counts = await client.tasks.stats.query({ filter });
      const eligible = ELIGIBLE[action].reduce((sum, status) => sum + counts[status], 0);
      confirmed.current = eligible;
      setState({ phase: "confirm", counts, eligible });
    } catch (error) {
      setState({ phase: "error", error });
    }
  }, [client, action, filter]);

  useEffect(() => {
    void count();
    return () => abort.current?.abort();
  }, [count]);

  // What the operator confirmed, less what was done since: the server refuses (409) when more
  // tasks match than that, so a filter that grew in the meantime is counted and confirmed again.
  const expected = useRef(0);
  const step = useCallback(async () => {
    const input = { filter, chunk: CHUNK, expectedCount: expected.current };
    const result = await client.tasks[MATCHING[action]].mutate(input);
    expected.current = Math.max(0, expected.current - result.changed);
    return result;
  }, [client, action, filter]);

  const start = useCallback(async () => {
    const controller = new AbortController();
    abort.current = controller;
    expected.current = confirmed.current;
    setState({ phase: "running", progress: { done: 0, remaining: expected.current } });
    try {
      const result = await runUntilDone(
        step,
        (progress) => setState({ phase: "running", progress }),
        controller.signal,
      );
      const outcome = { phase: "done" as const, ...result, stopped: controller.signal.aborted };
      setState(outcome);
      return outcome;
    } catch (error) {
      setState({ phase: "error", error });
      return null;
    }
  }, [step]);

  const stop = useCallback(() => abort.current?.abort(), []);
  return { state, count, start, stop };
}
