import { describe, expect, it } from "vitest";
import {
  createScheduleInput,
  cronProblem,
  isTimeZone,
  nextRuns,
  previewScheduleInput,
  tickAt,
  toSchedule,
  updateScheduleInput,
} from "./schedule";

const at = (iso: string) => new Date(iso);

describe("next runs", () => {
  it("5 fields tick on minutes, 6 fields on seconds", () => {
    expect(
      nextRuns("*/15 * * * *", "UTC", at("2026-01-01T10:07:30Z"), 2).map((d) => d.toISOString()),
    ).toEqual(["2026-01-01T10:15:00.000Z", "2026-01-01T10:30:00.000Z"]);
    expect(
      nextRuns("* * * * * *", "UTC", at("2026-01-01T10:00:00.400Z"), 3).map((d) => d.toISOString()),
    ).toEqual(["2026-01-01T10:00:01.000Z", "2026-01-01T10:00:02.000Z", "2026-01-01T10:00:03.000Z"]);
  });

  it("follows the timezone, across a daylight saving change", () => {
    // 09:00 in Paris: 08:00 UTC in winter, 07:00 UTC in summer (DST starts 2026-03-29).
    expect(
      nextRuns("0 9 * * *", "Europe/Paris", at("2026-03-28T12:00:00Z"), 2).map((d) => d.toISOString()),
    ).toEqual(["2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
  });

  it("a tick after downtime: the first tick after now next, the skipped ones counted", () => {
    // Due at 10:00:01, now 10:00:06.5: 10:00:02..06 were skipped (5), next is 10:00:07.
    const { next, missed } = tickAt(
      "* * * * * *",
      "UTC",
      at("2026-01-01T10:00:01Z"),
      at("2026-01-01T10:00:06.500Z"),
    );
    expect(next?.toISOString()).toBe("2026-01-01T10:00:07.000Z");
    expect(missed).toBe(5);
    // On time: nothing skipped.
    expect(tickAt("* * * * * *", "UTC", at("2026-01-01T10:00:01Z"), at("2026-01-01T10:00:01.020Z"))).toEqual({
      next: at("2026-01-01T10:00:02Z"),
      missed: 0,
    });
  });

  it("a very long downtime counts up to the cap and still lands after now", () => {
    const now = at("2026-03-01T00:00:00.500Z");
    const { next, missed } = tickAt("* * * * * *", "UTC", at("2026-01-01T00:00:00Z"), now);
    expect(missed).toBe(1_000);
    expect(next?.toISOString()).toBe("2026-03-01T00:00:01.000Z");
  });
});

describe("validation", () => {
  it("accepts 5 or 6 fields, refuses others with croner's reason", () => {
    expect(cronProblem("* * * * *")).toBeNull();
    expect(cronProblem("*/5 * * * * *")).toBeNull();
    expect(cronProblem("0 0 0 * * * *")).toMatch(/5 or 6 parts/);
    expect(cronProblem("61 * * * *")).toMatch(/minute/);
    expect(cronProblem("hello")).not.toBeNull();
  });

  it("timezones are IANA names", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });

  it("create input: defaults, and clear messages", () => {
    const ok = createScheduleInput.parse({ type: "sleep", input: "x", cron: "* * * * * *" });
    expect(ok).toMatchObject({ timezone: "UTC", enabled: true, priority: 0 });
    const bad = createScheduleInput.safeParse({
      type: "sleep",
      input: "x",
      cron: "* * *",
      timezone: "Nowhere/City",
      priority: 10,
    });
    const messages = bad.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(messages.join("\n")).toMatch(/cron: cron is not a valid pattern/);
    expect(messages.join("\n")).toMatch(/timezone: timezone must be an IANA/);
    expect(messages.join("\n")).toMatch(/priority: priority must be 0-9/);
    expect(createScheduleInput.safeParse({ type: "sleep", cron: "* * * * *" }).success).toBe(false);
    // The task a tick makes must pass tasks.create's checks too.
    expect(
      createScheduleInput.safeParse({ type: "sleep", input: "a\u0000", cron: "* * * * *" }).success,
    ).toBe(false);
  });

  it("update input names the schedule and at least one change", () => {
    const id = "6f1c7c0e-4a7b-4b7e-9a51-0f1d2e3c4b5a";
    expect(updateScheduleInput.safeParse({ id }).success).toBe(false);
    expect(updateScheduleInput.safeParse({ id: "nope", enabled: false }).success).toBe(false);
    expect(updateScheduleInput.parse({ id, enabled: false })).toEqual({ id, enabled: false });
    expect(previewScheduleInput.parse({ cron: "0 0 * * *" }).timezone).toBe("UTC");
  });
});

it("toSchedule: the input as given, next runs only while enabled", () => {
  const record = {
    id: "s1",
    type: "email.send",
    payload: '{"to":"a@b.c"}',
    cron: "0 * * * *",
    timezone: "UTC",
    enabled: true,
    priority: 2,
    nextRunAt: null,
    lastRunAt: null,
    ticksMissed: 0,
    createdBy: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    lastTasks: [],
  };
  const shown = toSchedule(record, at("2026-01-01T10:30:00Z"));
  expect(shown.input).toEqual({ to: "a@b.c" });
  expect(shown.nextRuns).toHaveLength(5);
  expect(shown.nextRuns[0]).toBe("2026-01-01T11:00:00.000Z");
  expect(toSchedule({ ...record, enabled: false }).nextRuns).toEqual([]);
  expect("payload" in shown).toBe(false);
});
