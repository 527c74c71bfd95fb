import { describe, expect, it } from "vitest";
import { MAX_DELAY_MS, runTimesOf } from "./run-options";
import { createInput, createManyInput, newTaskOf } from "./task";

const messages = (input: unknown, schema: { safeParse(v: unknown): { error?: { issues: unknown[] } } }) =>
  (schema.safeParse(input).error?.issues ?? []).map((i) => {
    const issue = i as { path: PropertyKey[]; message: string };
    return `${issue.path.join(".")}: ${issue.message}`;
  });

describe("run options on a create", () => {
  const item = { type: "email", input: { to: "a@b.c" } };

  it("accepts runAt, delayMs, ttlMs and priority within bounds", () => {
    for (const options of [
      { runAt: "2026-12-24T18:00:00Z" },
      { runAt: "2026-12-24T18:00:00.250+01:00", ttlMs: 1_000 },
      { delayMs: 0 },
      { delayMs: MAX_DELAY_MS, ttlMs: MAX_DELAY_MS },
      { priority: 0 },
      { priority: 9 },
    ]) {
      expect(messages({ ...item, ...options }, createInput), JSON.stringify(options)).toEqual([]);
    }
  });

  it("refuses out-of-range or malformed options with a message naming the field", () => {
    expect(messages({ ...item, priority: 10 }, createInput)).toEqual([
      "priority: priority must be from 0 to 9",
    ]);
    expect(messages({ ...item, priority: -1 }, createInput)).toEqual([
      "priority: priority must be from 0 to 9",
    ]);
    expect(messages({ ...item, priority: 1.5 }, createInput)).toEqual([
      "priority: priority must be a whole number from 0 to 9",
    ]);
    expect(messages({ ...item, priority: "9" }, createInput)).toEqual([
      "priority: priority must be a number",
    ]);
    expect(messages({ ...item, delayMs: -1 }, createInput)).toEqual([
      "delayMs: delayMs must not be negative",
    ]);
    expect(messages({ ...item, delayMs: MAX_DELAY_MS + 1 }, createInput)).toEqual([
      `delayMs: delayMs must be at most ${MAX_DELAY_MS} (one year)`,
    ]);
    expect(messages({ ...item, ttlMs: 999 }, createInput)).toEqual([
      "ttlMs: ttlMs must be at least 1000 (one second)",
    ]);
    expect(messages({ ...item, runAt: "tomorrow" }, createInput)).toContain(
      "runAt: runAt must be an ISO date-time",
    );
  });

  it("refuses runAt with delayMs, and a runAt more than a year ahead", () => {
    expect(messages({ ...item, runAt: "2026-12-24T18:00:00Z", delayMs: 5 }, createInput)).toEqual([
      "delayMs: give either runAt or delayMs, not both",
    ]);
    const farAhead = new Date(Date.now() + MAX_DELAY_MS + 60_000).toISOString();
    expect(messages({ ...item, runAt: farAhead }, createInput)).toEqual([
      "runAt: runAt must be at most one year ahead",
    ]);
  });

  it("checks the options of every createMany item", () => {
    expect(messages({ items: [item, { ...item, priority: 12 }] }, createManyInput)).toEqual([
      "items.1.priority: priority must be from 0 to 9",
    ]);
  });

  it("turns the options into a run time and an expiry from the create's time", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    expect(runTimesOf({}, now)).toEqual({});
    expect(runTimesOf({ delayMs: 0, ttlMs: 5_000 }, now)).toEqual({ expiresAt: "2026-12-07T12:00:05.000Z" });
    expect(runTimesOf({ delayMs: 60_000, ttlMs: 5_000 }, now)).toEqual({
      availableAt: "2026-12-07T12:01:00.000Z",
      expiresAt: "2026-12-07T12:01:05.000Z",
    });
    expect(runTimesOf({ runAt: "2026-12-07T13:00:00+01:00", ttlMs: 1_000 }, now)).toEqual({
      expiresAt: "2026-12-07T12:00:01.000Z", // a runAt in the past (here: now) runs now
    });
    expect(runTimesOf({ runAt: "2026-12-08T00:00:00Z" }, now)).toEqual({
      availableAt: "2026-12-08T00:00:00.000Z",
    });
  });

  it("carries the run time, expiry and priority to the task to insert", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    const parsed = createInput.parse({ ...item, delayMs: 1_000, ttlMs: 2_000, priority: 4 });
    expect(newTaskOf(parsed, now)).toEqual({
      type: "email",
      payload: '{"to":"a@b.c"}',
      availableAt: "2026-12-07T12:00:01.000Z",
      expiresAt: "2026-12-07T12:00:03.000Z",
      priority: 4,
    });
    expect(newTaskOf(createInput.parse({ payload: "x", priority: 0 }), now)).toEqual({
      type: "sleep",
      payload: "x",
    });
  });
});
