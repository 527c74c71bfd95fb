import { RUNNING } from "@tps/core";
import { InMemoryProcessingControl, MemoryLog } from "@tps/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startProcessingWatch } from "./processing-watch";

describe("processing watch", () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  function watch(initial = RUNNING) {
    const control = new InMemoryProcessingControl();
    const log = new MemoryLog();
    const onState = vi.fn();
    const w = startProcessingWatch({ control, intervalMs: 60_000, initial, log, onState });
    stops.push(() => w.stop());
    return { control, log, onState, w };
  }

  it("follows pause and resume, and says when the state changed", async () => {
    const { control, onState, w } = watch();
    await w.tick();
    expect(onState).toHaveBeenLastCalledWith(expect.objectContaining({ paused: false }), false);
    await control.pause("ada@x", "upgrade");
    await w.tick();
    expect(w.paused).toBe(true);
    expect(w.state).toMatchObject({ by: "ada@x", reason: "upgrade" });
    expect(onState).toHaveBeenLastCalledWith(expect.objectContaining({ paused: true }), true);
    await w.tick();
    expect(onState).toHaveBeenLastCalledWith(expect.objectContaining({ paused: true }), false);
    await control.resume("bob@x");
    await w.tick();
    expect(w.paused).toBe(false);
    expect(onState).toHaveBeenLastCalledWith(expect.objectContaining({ paused: false }), true);
  });

  it("keeps the last known state while the switch cannot be read, and logs that once", async () => {
    const { control, log, onState, w } = watch();
    await control.pause("ada@x");
    await w.tick();
    control.failing = true;
    await w.tick();
    await w.tick();
    await w.tick();
    expect(w.paused).toBe(true);
    expect(onState).toHaveBeenCalledTimes(1);
    expect(log.entries.filter((e) => e.message.startsWith("cannot read"))).toHaveLength(1);
    control.failing = false;
    await control.resume("bob@x");
    await w.tick();
    expect(w.paused).toBe(false);
    expect(log.entries.some((e) => e.message === "processing switch readable again")).toBe(true);
  });

  it("starts from the state it is given and polls on its own", async () => {
    vi.useFakeTimers();
    try {
      const control = new InMemoryProcessingControl();
      await control.pause("ada@x");
      const onState = vi.fn();
      const w = startProcessingWatch({
        control,
        intervalMs: 500,
        initial: await control.status(),
        log: new MemoryLog(),
        onState,
      });
      expect(w.paused).toBe(true);
      await control.resume("bob@x");
      await vi.advanceTimersByTimeAsync(500);
      expect(w.paused).toBe(false);
      await w.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
