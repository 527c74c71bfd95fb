import { expect, it } from "vitest";
import { violations } from "../invariants";
import { runScenario } from "../scenario";

// Invariant: with no fault, every task is terminal, completed once, with no overlapping attempts.
it("baseline: no fault", async () => {
  const { figures } = await runScenario("baseline (no fault)", {}, async (system) => {
    const restoredAt = Date.now();
    await system.createTasks(Array.from({ length: 300 }, (_, i) => `base-${i}`));
    return { restoredAt };
  });
  expect(violations(figures)).toEqual([]);
  expect(figures.completed).toBe(300);
});
