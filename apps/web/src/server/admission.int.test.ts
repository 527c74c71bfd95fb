import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BUSY_MESSAGE, createAdmission } from "./admission";
import { createTestWeb } from "./testing/test-web";

/**
 * Past API_MAX_IN_FLIGHT, a request is answered 503 at once rather than queued behind the others:
 * two list calls are held by a lock on the tasks table, a third is refused, a live-update stream
 * still opens, and once the lock goes the held ones complete and places are free again.
 */
describe("admission over HTTP", () => {
  const admission = createAdmission(2);
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"), { admission });
    const admin = await web.signIn("admin");
    headers = { authorization: `Bearer ${(await web.apiKey("admin", admin.userId)).key}` };
  });
  afterAll(() => web?.dispose());

  it("answers 503 with Retry-After at once when every place is taken, and admits again after", async () => {
    let release = () => {};
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const lock = web.api.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE`;
        locked();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      { timeout: 20_000 },
    );
    await isLocked;
    try {
      const held = [
        web.call("tasks.list", "query", {}, headers),
        web.call("tasks.list", "query", {}, headers),
      ];
      await expect.poll(() => admission.inFlight).toBe(2);

      const started = performance.now();
      const refused = await web.call("tasks.stats", "query", {}, headers);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toMatchObject({
        error: { message: BUSY_MESSAGE, data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } },
      });
      // Live updates hold their stream open for as long as a page does: they take no place.
      const stream = await web.call("tasks.onChange", "subscription", undefined, headers);
      expect(stream.status).toBe(200);
      await stream.body?.cancel();

      release();
      for (const response of await Promise.all(held)) expect(response.status).toBe(200);
    } finally {
      release();
      await lock;
    }
    expect(admission.inFlight).toBe(0);
    expect((await web.call("tasks.stats", "query", {}, headers)).status).toBe(200);
  });
});
