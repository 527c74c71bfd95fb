import { describe, expect, it } from "vitest";
import {
  changedValues,
  emptyScheduleForm,
  scheduleToForm,
  scheduleValues,
  timeZoneNames,
} from "./schedule-form";

const SCHEMA = {
  type: "object",
  properties: { to: { type: "string" } },
  required: ["to"],
  additionalProperties: false,
};
const typed = { ...emptyScheduleForm("email"), inputText: '{"to":"a@b.c"}', cron: "*/2 * * * * *" };

describe("scheduleValues", () => {
  it("sends a sleep schedule's payload as its input, and trims the cron", () => {
    const form = { ...emptyScheduleForm(), inputText: "tick", cron: "  */2   * * * * * " };
    expect(scheduleValues(form, undefined)).toEqual({
      ok: true,
      values: { input: "tick", cron: "*/2 * * * * *", timezone: "UTC", priority: 0, enabled: true },
    });
  });

  it("parses a typed input and checks it against the type's schema", () => {
    expect(scheduleValues(typed, SCHEMA)).toMatchObject({ ok: true, values: { input: { to: "a@b.c" } } });
    const wrong = scheduleValues({ ...typed, inputText: '{"from":1}' }, SCHEMA);
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.issues.map((i) => i.path)).toEqual(["input/to", "input/from"]);
    const notJson = scheduleValues({ ...typed, inputText: "{" }, SCHEMA);
    expect(!notJson.ok && notJson.issues[0]?.message).toMatch(/not valid JSON/);
  });

  it("lists every field at fault at once: cron, priority", () => {
    const result = scheduleValues({ ...typed, cron: " ", priority: "10" }, SCHEMA);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(["cron", "priority"]);
  });

  it("defaults an empty time zone to UTC", () => {
    expect(scheduleValues({ ...typed, timezone: " " }, SCHEMA)).toMatchObject({
      ok: true,
      values: { timezone: "UTC" },
    });
  });
});

describe("editing a schedule", () => {
  const saved = {
    type: "email",
    input: { to: "a@b.c" },
    cron: "0 * * * *",
    timezone: "Europe/Paris",
    priority: 3,
    enabled: true,
  };

  it("fills the form from a schedule, a typed input pretty-printed", () => {
    expect(scheduleToForm(saved)).toEqual({
      type: "email",
      inputText: '{\n  "to": "a@b.c"\n}',
      cron: "0 * * * *",
      timezone: "Europe/Paris",
      priority: "3",
      enabled: true,
    });
    expect(scheduleToForm({ ...saved, type: "sleep", input: "tick" }).inputText).toBe("tick");
  });

  it("sends only what changed", () => {
    const form = { ...scheduleToForm(saved), cron: "*/5 * * * *", enabled: false };
    const values = scheduleValues(form, SCHEMA);
    expect(values.ok && changedValues(saved, values.values)).toEqual({ cron: "*/5 * * * *", enabled: false });
    const same = scheduleValues(scheduleToForm(saved), SCHEMA);
    expect(same.ok && changedValues(saved, same.values)).toEqual({});
  });
});

describe("timeZoneNames", () => {
  it("offers UTC first and the browser's IANA names", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names).toContain("Europe/Paris");
    expect(names.filter((n) => n === "UTC")).toHaveLength(1);
  });
});
