import { simulate } from "@tps/worker/internal";
import { describe, expect, it } from "vitest";
import { parseConsumerEnv } from "./env";

const timed = async (run: () => Promise<void>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

describe("the `fail:` / `sleep:` test hooks", () => {
  it("are off unless TASK_TEST_HOOKS is set", () => {
    expect(parseConsumerEnv({}).TASK_TEST_HOOKS).toBe(false);
    expect(parseConsumerEnv({ TASK_TEST_HOOKS: "0" }).TASK_TEST_HOOKS).toBe(false);
    expect(parseConsumerEnv({ TASK_TEST_HOOKS: "1" }).TASK_TEST_HOOKS).toBe(true);
  });

  it("leave a `fail:` payload succeeding and a `sleep:` payload at the configured duration when off", async () => {
    const hooks = parseConsumerEnv({}).TASK_TEST_HOOKS;
    const signal = new AbortController().signal;
    await expect(simulate("fail: boom", 1, hooks, signal)).resolves.toBeUndefined();
    expect(await timed(() => simulate("sleep:60000", 5, hooks, signal))).toBeLessThan(1_000);
    // On, the same payloads fail and take the time they ask for.
    await expect(simulate("fail: boom", 1, true, signal)).rejects.toThrow("simulated failure");
    expect(await timed(() => simulate("sleep:50", 1, true, signal))).toBeGreaterThanOrEqual(45);
  });
});
