import { describe, expect, it } from "vitest";
import { createOutageHoldOff } from "./outage-hold-off";

describe("outage hold-off", () => {
  it("holds from a failure until the grace after the next success, however long the outage", () => {
    let now = 0;
    const hold = createOutageHoldOff(10_000, () => now);
    expect(hold.holding()).toBe(false);
    hold.succeeded();
    expect(hold.holding()).toBe(false); // a success without an outage starts nothing
    hold.failed();
    now += 60_000; // a minute-long outage
    expect(hold.holding()).toBe(true);
    hold.succeeded();
    now += 9_999;
    hold.succeeded(); // later successes do not extend it
    expect(hold.holding()).toBe(true);
    now += 1;
    expect(hold.holding()).toBe(false);
  });

  it("tells once when the database goes and once when it answers again (the worker unsubscribes meanwhile)", () => {
    const told: boolean[] = [];
    const hold = createOutageHoldOff(
      10_000,
      () => 0,
      (unavailable) => told.push(unavailable),
    );
    hold.succeeded();
    hold.failed();
    hold.failed(); // every failed call of an outage: still one notice
    expect(hold.unavailable()).toBe(true);
    hold.succeeded();
    hold.succeeded();
    expect(hold.unavailable()).toBe(false);
    expect(told).toEqual([true, false]);
  });
});
