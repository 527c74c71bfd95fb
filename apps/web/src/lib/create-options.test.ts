import { describe, expect, it } from "vitest";
import { createOptions, DEFAULT_CREATE_OPTIONS, isPlainCreate, MAX_DELAY_MS } from "./create-options";
import { isoToLocalInput } from "./local-datetime";

const NOW = Date.parse("2026-12-07T12:00:00.000Z");
const form = (changes: Partial<typeof DEFAULT_CREATE_OPTIONS>) => ({ ...DEFAULT_CREATE_OPTIONS, ...changes });

describe("createOptions", () => {
  it("sends nothing for the defaults, so a plain create stays plain", () => {
    const result = createOptions(DEFAULT_CREATE_OPTIONS, NOW);
    expect(result).toEqual({ ok: true, options: {} });
    expect(result.ok && isPlainCreate(result.options)).toBe(true);
  });

  it("sends a non-zero priority and refuses one outside 0-9 or not whole", () => {
    expect(createOptions(form({ priority: "9" }), NOW)).toEqual({ ok: true, options: { priority: 9 } });
    expect(createOptions(form({ priority: "" }), NOW)).toEqual({ ok: true, options: {} });
    for (const priority of ["10", "-1", "1.5", "x"]) {
      expect(createOptions(form({ priority }), NOW).ok).toBe(false);
    }
  });

  it("turns a local run-at time into an ISO timestamp", () => {
    const at = new Date(NOW + 5_000);
    const local = `${isoToLocalInput(at.toISOString())}:${String(at.getSeconds()).padStart(2, "0")}`;
    expect(createOptions(form({ start: "at", runAt: local }), NOW)).toEqual({
      ok: true,
      options: { runAt: at.toISOString() },
    });
  });

  it("keeps a run-at time in the past (the task runs now) and refuses one over a year ahead or empty", () => {
    const past = isoToLocalInput(new Date(NOW - 3_600_000).toISOString());
    expect(createOptions(form({ start: "at", runAt: past }), NOW).ok).toBe(true);
    const far = isoToLocalInput(new Date(NOW + MAX_DELAY_MS + 120_000).toISOString());
    expect(createOptions(form({ start: "at", runAt: far }), NOW)).toMatchObject({ ok: false });
    expect(createOptions(form({ start: "at", runAt: "" }), NOW)).toMatchObject({ ok: false });
  });

  it("multiplies a delay by its unit, up to one year", () => {
    expect(createOptions(form({ start: "delay", delay: "90", delayUnit: "s" }), NOW)).toEqual({
      ok: true,
      options: { delayMs: 90_000 },
    });
    expect(createOptions(form({ start: "delay", delay: "2", delayUnit: "h" }), NOW)).toEqual({
      ok: true,
      options: { delayMs: 7_200_000 },
    });
    expect(createOptions(form({ start: "delay", delay: "8761", delayUnit: "h" }), NOW).ok).toBe(false);
    expect(createOptions(form({ start: "delay", delay: "" }), NOW).ok).toBe(false);
  });

  it("ignores the fields of the start mode not chosen", () => {
    expect(createOptions(form({ start: "now", delay: "x", runAt: "nope" }), NOW)).toEqual({
      ok: true,
      options: {},
    });
  });

  it("sends a time to live of 1 s to one year, and none when empty", () => {
    expect(createOptions(form({ ttl: "5", ttlUnit: "min" }), NOW)).toEqual({
      ok: true,
      options: { ttlMs: 300_000 },
    });
    expect(createOptions(form({ ttl: "0", ttlUnit: "s" }), NOW).ok).toBe(false);
    expect(createOptions(form({ ttl: "8761", ttlUnit: "h" }), NOW).ok).toBe(false);
    expect(createOptions(form({ ttl: "soon" }), NOW).ok).toBe(false);
  });
});
