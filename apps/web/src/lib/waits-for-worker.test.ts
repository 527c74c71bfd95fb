import { describe, expect, it } from "vitest";
import { noWorkerWarning, waitsForWorker } from "./waits-for-worker";

const counts = { PENDING: 0, PROCESSING: 0, COMPLETED: 0, CANCELED: 0, FAILED: 0 };
const info = (pending: number, workersOnline: number) => ({
  type: "demo.count",
  workersOnline,
  counts: { ...counts, PENDING: pending },
});

describe("waitsForWorker", () => {
  it("is true only with pending tasks and no worker online", () => {
    expect(waitsForWorker(info(3, 0))).toBe(true);
    expect(waitsForWorker(info(3, 1))).toBe(false);
    expect(waitsForWorker(info(0, 0))).toBe(false);
  });

  it("says which type and how many tasks wait", () => {
    expect(noWorkerWarning(info(1, 0))).toBe(
      "No worker for type demo.count: 1 task waits until a worker serving it starts.",
    );
    expect(noWorkerWarning(info(1200, 0))).toMatch(/: 1,200 tasks wait/);
  });
});
