import { createCaller } from "@tps/api";
import { type ReadableSpan, startTestTelemetry } from "@tps/infra/testing";
import { createConsumerMetrics } from "@tps/worker/internal";
import { afterAll, describe, expect, it } from "vitest";
import { useTestConsumer } from "./consumer-test-helpers";

const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
const describeSpan = (s: ReadableSpan, t0: number) =>
  `${s.name} (${s.instrumentationScope.name}) +${(ms(s.startTime) - t0).toFixed(1)} ms, ${ms(s.duration).toFixed(1)} ms`;

/** One task, created through the API, worked on by the consumer: one trace, connected end to end. */
describe("tracing across the API and the consumer", () => {
  const telemetry = startTestTelemetry("tps-test");
  // Registered first, so it runs after the consumer has stopped.
  afterAll(() => telemetry.shutdown());
  const metrics = createConsumerMetrics(); // OpenMetrics: exemplars on
  const t = useTestConsumer({
    id: "trace-consumer",
    metrics,
    env: { BATCH_WINDOW_MS: "10", PUBLISH_GRACE_MS: "60000" },
  });

  it("follows a task from the procedure through publish to the consumer's claim, work and settle", async () => {
    const caller = createCaller(t.api.context);
    const completed = (id: number) =>
      expect
        .poll(async () => (await caller.tasks.get({ id })).status, { timeout: 10_000, interval: 50 })
        .toBe("COMPLETED");
    // A first task opens the publisher's connection, so the traced one shows steady-state timings.
    await completed((await caller.tasks.create({ payload: "warm up" })).id);
    await new Promise((r) => setTimeout(r, 100));
    telemetry.reset();
    const task = await caller.tasks.create({ payload: "trace me" });
    await completed(task.id);
    await expect
      .poll(() => telemetry.spans().some((s) => s.name === "settle"), { timeout: 5_000 })
      .toBe(true);

    const spans = telemetry.spans();
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const [procedure] = byName("tasks.create");
    const [publish] = byName(`publish ${t.api.queue}`);
    const [work] = byName("work");
    expect(procedure && publish && work).toBeTruthy();
    const traceId = procedure!.spanContext().traceId;

    // One trace: procedure → publish → work (parent links across the broker via traceparent).
    expect(procedure!.parentSpanContext).toBeUndefined();
    expect(publish!.spanContext().traceId).toBe(traceId);
    expect(publish!.parentSpanContext?.spanId).toBe(procedure!.spanContext().spanId);
    expect(work!.spanContext().traceId).toBe(traceId);
    expect(work!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
    expect(work!.attributes["tps.task.id"]).toBe(task.id);
    expect(procedure!.attributes["tps.task.id"]).toBe(task.id);

    // Batch statements: their own span each, linked to the task (claim → publish, settle → work).
    const claim = byName("claim").find((s) => s.links.some((l) => l.context.traceId === traceId));
    const settle = byName("settle").find((s) => s.links.some((l) => l.context.traceId === traceId));
    expect(claim?.links.map((l) => l.context.spanId)).toContain(publish!.spanContext().spanId);
    expect(settle?.links.map((l) => l.context.spanId)).toContain(work!.spanContext().spanId);
    expect(claim!.attributes["tps.batch.size"]).toBe(1);

    // The latency histograms point at this trace (exemplars, for Grafana's "go to trace"). The bucket
    // is not fixed: 50 ms of simulated work can measure a hair under 0.05 s.
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      new RegExp(
        `task_processing_seconds_bucket\\{[^}]*outcome="success"\\} \\d+ # \\{trace_id="${traceId}"\\}`,
      ),
    );
    expect(text).toContain(`# {trace_id="${traceId}"}`);

    const t0 = ms(procedure!.startTime);
    const story = [procedure!, publish!, claim!, work!, settle!].map((s) => describeSpan(s, t0));
    console.log(`trace ${traceId}:\n  ${story.join("\n  ")}`);
  });
});
