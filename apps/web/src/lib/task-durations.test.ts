import { describe, expect, it } from "vitest";
import { queueWaitMs, runMs } from "./task-durations";

const t0 = Date.parse("2026-01-01T10:00:00.000Z");
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
const base = { createdAt: iso(0), startedAt: null, finishedAt: null };

describe("queueWaitMs", () => {
  it("keeps counting while PENDING", () => {
    expect(queueWaitMs({ ...base, status: "PENDING" }, t0 + 1500)).toBe(1500);
  });

  it("stops when work starts", () => {
    const task = { ...base, status: "PROCESSING" as const, startedAt: iso(300) };
    expect(queueWaitMs(task, t0 + 9000)).toBe(300);
  });

  it("ends at the cancel for a task cancelled before it started", () => {
    const task = { ...base, status: "CANCELED" as const, finishedAt: iso(800) };
    expect(queueWaitMs(task, t0 + 9000)).toBe(800);
  });
});

describe("runMs", () => {
  it("is empty before work starts", () => {
    expect(runMs({ ...base, status: "PENDING" }, t0 + 1000)).toBeNull();
  });

  it("keeps counting while PROCESSING", () => {
    const task = { ...base, status: "PROCESSING" as const, startedAt: iso(200) };
    expect(runMs(task, t0 + 1200)).toBe(1000);
  });

  it("is the span from start to finish once done", () => {
    const task = { ...base, status: "COMPLETED" as const, startedAt: iso(200), finishedAt: iso(3200) };
    expect(runMs(task, t0 + 99_000)).toBe(3000);
  });

  it("is empty for a task waiting for a retry", () => {
    const task = { ...base, status: "PENDING" as const, startedAt: iso(200) };
    expect(runMs(task, t0 + 5000)).toBeNull();
  });
});
