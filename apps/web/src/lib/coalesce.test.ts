import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce";

describe("coalesce", () => {
  it("folds calls during a run into one more run", async () => {
    let runs = 0;
    let release = () => {};
    const trigger = coalesce(async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
    });
    const first = trigger();
    void trigger();
    void trigger();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await first;
    expect(runs).toBe(2);
    const next = trigger();
    expect(runs).toBe(3);
    release();
    await next;
  });

  it("keeps working after a failed run", async () => {
    let runs = 0;
    const trigger = coalesce(async () => {
      runs++;
      throw new Error("boom");
    });
    await trigger();
    await trigger();
    expect(runs).toBe(2);
  });
});
