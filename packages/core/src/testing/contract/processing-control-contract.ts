import { describe, expect, it } from "vitest";
import type { ProcessingControl } from "../../ports";

/**
 * What consumers and the console rely on from the processing switch, the same cases for every
 * implementation. The switch is one state per store: each case starts by resuming.
 */
export function describeProcessingControlContract(name: string, control: () => ProcessingControl) {
  describe(`processing control contract: ${name}`, () => {
    it("pauses with who, when and why, and resumes", async () => {
      const c = control();
      await c.resume("setup");
      const paused = await c.pause("ada@example.com", "  database upgrade  ");
      expect(paused).toMatchObject({ paused: true, by: "ada@example.com", reason: "database upgrade" });
      expect(Number.isNaN(Date.parse(paused.at!))).toBe(false);
      expect(await c.status()).toEqual(paused);
      const resumed = await c.resume("bob@example.com");
      expect(resumed).toMatchObject({ paused: false, by: "bob@example.com", reason: null });
      expect(Date.parse(resumed.at!)).toBeGreaterThanOrEqual(Date.parse(paused.at!));
      expect(await c.status()).toEqual(resumed);
    });

    it("pausing twice keeps the first pauser, time and reason", async () => {
      const c = control();
      await c.resume("setup");
      const first = await c.pause("first@example.com", "first");
      const second = await c.pause("second@example.com", "second");
      expect(second).toEqual(first);
      expect(await c.status()).toEqual(first);
    });

    it("resuming while running changes nothing", async () => {
      const c = control();
      await c.pause("p@example.com");
      const running = await c.resume("r1@example.com");
      expect(await c.resume("r2@example.com")).toEqual(running);
      expect(await c.status()).toEqual(running);
    });

    it("a blank or missing reason is stored as none", async () => {
      const c = control();
      await c.resume("setup");
      expect((await c.pause("p@example.com", "   ")).reason).toBeNull();
      await c.resume("setup");
      expect((await c.pause("p@example.com")).reason).toBeNull();
      await c.resume("setup");
    });
  });
}
