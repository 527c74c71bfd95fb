import type { TaskTypeInfo } from "@tps/core";
import { AggregatorRegistry, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerTaskTypeGauges } from "./metrics-task-types";

const typeInfo = (type: string, workersOnline: number, pending: number): TaskTypeInfo => ({
  type,
  inputSchema: {},
  outputSchema: null,
  maxAttempts: 3,
  timeoutMs: null,
  registeredAt: "2026-01-01T00:00:00.000Z",
  registeredBy: "w1",
  workersOnline,
  counts: { PENDING: pending, PROCESSING: 1, COMPLETED: 2, CANCELED: 0, FAILED: 0 },
  durationP50Ms: null,
  durationP95Ms: null,
  limits: { concurrency: null, rate: null },
  waiting: { concurrency: 0, rate: 0 },
});

function setup(list: () => Promise<readonly TaskTypeInfo[]>, options: { waitMs?: number } = {}) {
  const registry = new Registry();
  let clock = 0;
  const errors: unknown[] = [];
  registerTaskTypeGauges(registry, {
    list,
    cacheMs: 5_000,
    now: () => clock,
    onError: (e) => errors.push(e),
    ...options,
  });
  return {
    registry,
    errors,
    scrape: () => registry.metrics(),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("task type gauges", () => {
  it("report workers online and tasks per status for each registered type", async () => {
    const { scrape } = setup(async () => [typeInfo("math.add", 0, 4), typeInfo("sleep", 2, 0)]);
    const text = await scrape();
    expect(text).toContain('task_type_workers_online{task_type="math.add"} 0');
    expect(text).toContain('task_type_workers_online{task_type="sleep"} 2');
    expect(text).toContain('task_type_tasks{task_type="math.add",status="PENDING"} 4');
    expect(text).toContain('task_type_tasks{task_type="math.add",status="PROCESSING"} 1');
    expect(text).toContain('task_type_tasks{task_type="sleep",status="COMPLETED"} 2');
    expect(text.match(/^task_type_tasks\{/gm)).toHaveLength(10);
  });

  it("read the types once per cache period, however many scrapes come", async () => {
    let reads = 0;
    const { scrape, advance } = setup(async () => {
      reads++;
      return [typeInfo("sleep", reads, 0)];
    });
    await Promise.all(Array.from({ length: 20 }, scrape));
    advance(4_999);
    const cached = await scrape();
    expect(reads).toBe(1);
    expect(cached).toContain('task_type_workers_online{task_type="sleep"} 1');
    advance(1);
    expect(await scrape()).toContain('task_type_workers_online{task_type="sleep"} 2');
    expect(reads).toBe(2);
  });

  it("drop a type that is gone, and every series while the read fails, without failing the scrape", async () => {
    let answer: () => Promise<TaskTypeInfo[]> = async () => [typeInfo("a", 1, 0), typeInfo("b", 1, 0)];
    const { scrape, advance, errors } = setup(() => answer());
    expect(await scrape()).toContain('task_type="b"');
    answer = async () => [typeInfo("a", 1, 0)];
    advance(5_000);
    expect(await scrape()).not.toContain('task_type="b"');
    answer = () => Promise.reject(new Error("database is unavailable"));
    advance(5_000);
    const text = await scrape();
    expect(text).not.toMatch(/^task_type_\w+\{/m);
    expect(errors).toHaveLength(1);
  });

  it("do not hold a scrape past waitMs for a slow read: it gets the previous read", async () => {
    let release: (types: TaskTypeInfo[]) => void = () => {};
    let answer: () => Promise<TaskTypeInfo[]> = async () => [typeInfo("sleep", 1, 0)];
    const { scrape, advance } = setup(() => answer(), { waitMs: 20 });
    await scrape();
    answer = () => new Promise((resolve) => (release = resolve));
    advance(5_000);
    const started = performance.now();
    expect(await scrape()).toContain('task_type_workers_online{task_type="sleep"} 1');
    expect(performance.now() - started).toBeLessThan(1_000);
    release([typeInfo("sleep", 3, 0)]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await scrape()).toContain('task_type_workers_online{task_type="sleep"} 3');
  });

  it("take the max, not the sum, over the API server's cluster workers", async () => {
    const workers = [1, 2].map(() => setup(async () => [typeInfo("math.add", 1, 5)]).registry);
    const metrics = await Promise.all(workers.map((r) => r.getMetricsAsJSON()));
    const text = await AggregatorRegistry.aggregate(metrics).metrics();
    expect(text).toContain('task_type_workers_online{task_type="math.add"} 1');
    expect(text).toContain('task_type_tasks{task_type="math.add",status="PENDING"} 5');
  });
});
