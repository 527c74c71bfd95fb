import { describe, expect, it } from "vitest";
import { encodeTaskMessage } from "../../domain/message";
import type { DeadLetterQueue } from "../../ports";

/** One dead-letter queue implementation under the shared contract: the in-memory fake or RabbitMQ. */
export interface DeadLetterHarness {
  queue: DeadLetterQueue;
  /** Dead-letters a message with this body (and message id), as a consumer's reject does. */
  kill(body: string, messageId?: string): Promise<void>;
  /** Bodies published back to the work queue since the last call, taken off it. */
  takeRedriven(): Promise<string[]>;
  /** Empties the dead-letter and work queues between cases. */
  reset(): Promise<void>;
}

const keep = async () => new Set<string>();
const task = (id: number) => encodeTaskMessage(id).toString();

/**
 * What the console relies on from the dead-letter queue, the same cases for every implementation.
 * `harness` returns the implementation set up by the caller's `beforeAll`.
 */
export function describeDeadLetterContract(name: string, harness: () => DeadLetterHarness) {
  describe(`dead-letter contract: ${name}`, () => {
    it("lists oldest first with body, task id, reason, death count and times, leaving them queued", async () => {
      const h = harness();
      await h.reset();
      const before = Date.now() - 1_000;
      await h.kill(task(41));
      await h.kill("not json");
      const page = await h.queue.list(10);
      expect(page.depth).toBe(2);
      expect(page.items.map((l) => [l.body, l.taskId])).toEqual([
        [task(41), 41],
        ["not json", null],
      ]);
      for (const letter of page.items) {
        expect(letter).toMatchObject({ reason: "rejected", deathCount: 1, bodyBytes: letter.body.length });
        expect(Date.parse(letter.firstDeathAt!)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(letter.lastDeathAt!)).toBeGreaterThanOrEqual(Date.parse(letter.firstDeathAt!));
      }
      expect((await h.queue.list(1)).items.map((l) => l.body)).toEqual([task(41)]);
      expect((await h.queue.list(10)).depth).toBe(2);
    });

    it("keys each message the same across listings, by its message id when it has one", async () => {
      const h = harness();
      await h.reset();
      await h.kill(task(1), "msg-one");
      await h.kill("{}");
      const first = (await h.queue.list(10)).items.map((l) => l.key);
      expect(first[0]).toBe("msg-one");
      expect(new Set(first).size).toBe(2);
      expect((await h.queue.list(10)).items.map((l) => l.key)).toEqual(first);
    });

    it("cuts long bodies in listings and says how long they were", async () => {
      const h = harness();
      await h.reset();
      await h.kill("x".repeat(10_000));
      const [letter] = (await h.queue.list(10)).items;
      expect(letter!.body.length).toBeLessThan(10_000);
      expect(letter!.bodyBytes).toBe(10_000);
    });

    it("redrives selected messages to the work queue and removes them, counting missing keys", async () => {
      const h = harness();
      await h.reset();
      for (const id of [1, 2, 3]) await h.kill(task(id));
      const [a, b, c] = (await h.queue.list(10)).items;
      const result = await h.queue.redrive({ keys: [a!.key, c!.key, "no-such-key"] }, keep);
      expect(result).toEqual({ redriven: 2, dropped: 0, missing: 1 });
      expect((await h.takeRedriven()).sort()).toEqual([task(1), task(3)]);
      const left = await h.queue.list(10);
      expect(left.items.map((l) => l.key)).toEqual([b!.key]);
      expect(left.depth).toBe(1);
    });

    it("removes without publishing what the drop rule names", async () => {
      const h = harness();
      await h.reset();
      await h.kill(task(7));
      await h.kill(task(8));
      const seen: number[] = [];
      const result = await h.queue.redrive({ all: true }, async (letters) => {
        seen.push(...letters.map((l) => l.taskId!));
        return new Set(letters.filter((l) => l.taskId === 7).map((l) => l.key));
      });
      expect(seen.sort()).toEqual([7, 8]);
      expect(result).toEqual({ redriven: 1, dropped: 1, missing: 0 });
      expect(await h.takeRedriven()).toEqual([task(8)]);
      expect((await h.queue.list(10)).items).toEqual([]);
    });

    it("purges selected messages, then all", async () => {
      const h = harness();
      await h.reset();
      for (const id of [1, 2, 3]) await h.kill(task(id));
      const [a] = (await h.queue.list(10)).items;
      expect(await h.queue.purge({ keys: [a!.key] })).toEqual({ purged: 1, missing: 0 });
      expect((await h.queue.list(10)).items.map((l) => l.taskId)).toEqual([2, 3]);
      expect(await h.queue.purge({ keys: [a!.key] })).toEqual({ purged: 0, missing: 1 });
      expect(await h.queue.purge({ all: true })).toEqual({ purged: 2, missing: 0 });
      expect(await h.queue.list(10)).toEqual({ items: [], depth: 0 });
      expect(await h.takeRedriven()).toEqual([]);
    });
  });
}
