import { expect, it } from "vitest";
import {
  canApply,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type TaskTransition,
  TRANSITIONS,
} from "../../domain/task-state";
import type { Settlement } from "../../ports";
import type { StorageHarness } from "./harness";

const OWNER = "walker";
const TOKEN = "00000000-0000-4000-8000-00000000a11c";
const SETTLES: Partial<Record<TaskTransition, (id: number) => Settlement>> = {
  complete: (id) => ({ id, leaseToken: TOKEN, outcome: "complete" }),
  backoff: (id) => ({ id, leaseToken: TOKEN, outcome: "backoff", error: "walk", delayMs: 60_000 }),
  fail: (id) => ({ id, leaseToken: TOKEN, outcome: "fail", error: "walk" }),
  release: (id) => ({ id, leaseToken: TOKEN, outcome: "release" }),
};

/** Applies `transition` through the storage port that implements it; true when the task changed. */
async function apply(h: StorageHarness, transition: TaskTransition, id: number): Promise<boolean> {
  switch (transition) {
    case "claim":
    case "takeover":
      return (await h.work.claim([id], "another-consumer", 60_000)).length === 1;
    case "cancel":
      return (await h.repo.cancel([id])).length === 1;
    case "retry":
      return (await h.repo.retry([id])).length === 1;
    case "retryNow":
      return (await h.repo.retryNow([id])).length === 1;
    case "expire":
      return (await h.work.expireDue(10_000)).some((t) => t.id === id);
    default:
      return (await h.work.settle([SETTLES[transition]!(id)], OWNER))[0]?.outcome != null;
  }
}

/**
 * Walks every (status, transition) pair: the adapter must allow exactly what the state machine
 * allows. A takeover is a claim of a task whose lease lapsed, so its set-up gives the task a
 * lapsed lease; a claim's set-up gives it a live one (a live lease can never be taken).
 */
export function walkTransitions(harness: () => StorageHarness) {
  for (const transition of TASK_TRANSITIONS) {
    it(`applies ${transition} exactly from ${TRANSITIONS[transition].from.join(", ")}`, async () => {
      const h = harness();
      for (const status of TASK_STATUSES) {
        const [task] = await h.repo.insertMany([`walk ${transition} from ${status}`]);
        const id = task!.id;
        const lapsed = transition === "takeover";
        // Retry now applies to a task still waiting for its next attempt.
        const dueInMs = transition === "retryNow" ? 60_000 : undefined;
        // Expire applies to a task past its expiry (set for every status: only PENDING may go).
        const expiresInMs = transition === "expire" ? -60_000 : undefined;
        await h.force(id, {
          status,
          leaseOwner: OWNER,
          leaseToken: TOKEN,
          leaseLapsed: lapsed,
          attempts: 1,
          dueInMs,
          expiresInMs,
        });
        // A task a takeover cannot take may still be claimable as a plain due PENDING task.
        const expected =
          canApply(status, transition) || (transition === "takeover" && canApply(status, "claim"));
        expect(await apply(h, transition, id), `${transition} from ${status}`).toBe(expected);
        const after = await h.repo.findById(id);
        expect(after!.status, `status after ${transition} from ${status}`).toBe(
          expected
            ? TRANSITIONS[transition === "takeover" && status !== "PROCESSING" ? "claim" : transition].to
            : status,
        );
      }
    });
  }
}
