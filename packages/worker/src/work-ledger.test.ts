import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClaimedTask } from "@tps/core";
import { describe, expect, it } from "vitest";
import { TaskAbortedError } from "./errors";
import { createSimulatedWork } from "./simulated-work";
import { type LedgerEntry, withWorkLedger } from "./work-ledger";

const task = (id: number, payload: string): ClaimedTask => ({
  id,
  type: "sleep",
  payload,
  attempts: 2,
  leaseToken: `token-${id}`,
  maxAttempts: 3,
  createdAt: new Date(),
  startedAt: new Date(),
});

describe("work ledger", () => {
  it("records each attempt's start and its end, failure or abort", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ledger-")), "ledger.jsonl");
    const work = withWorkLedger(createSimulatedWork(5), file, "c1");
    await work(task(1, "ok"), new AbortController().signal);
    await expect(work(task(2, "fail:x"), new AbortController().signal)).rejects.toThrow();
    const controller = new AbortController();
    const aborted = work(task(3, "sleep:10000"), controller.signal);
    controller.abort(new TaskAbortedError("canceled", 1));
    await expect(aborted).rejects.toMatchObject({ code: "canceled" });

    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LedgerEntry);
    expect(lines.map(({ task, event, ok, reason }) => ({ task, event, ok, reason }))).toEqual([
      { task: 1, event: "start" },
      { task: 1, event: "end", ok: true },
      { task: 2, event: "start" },
      { task: 2, event: "end", ok: false },
      { task: 3, event: "start" },
      { task: 3, event: "abort", reason: "canceled" },
    ]);
    expect(lines[0]).toMatchObject({ attempt: 2, consumer: "c1", pid: process.pid });
  });

  it("sleep:<ms> payloads set the simulated work's length", async () => {
    const started = Date.now();
    await createSimulatedWork(5_000)(task(1, "sleep:30"), new AbortController().signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
