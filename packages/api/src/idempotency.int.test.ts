import { typeRegistration } from "@tps/core/testing";
import { createTaskTypes } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "./access";
import { createCaller } from "./trpc/app-router";

/** A service calling with an API key (scope `key:<id>`), next to the test admin (a user's session). */
const SERVICE: Principal = { id: "key-1", name: "billing", role: "operator", via: "apiKey", userId: "u-9" };

describe("idempotency keys through the tasks router, on real PostgreSQL", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let admin: ReturnType<typeof createCaller>;
  let service: ReturnType<typeof createCaller>;
  const count = async (key: string) =>
    (
      await api.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tasks WHERE idempotency_key = ${key}`
    )[0]!.n;
  const refusal = (call: Promise<unknown>) =>
    call.then(() => null).catch((e: { code?: string; message: string }) => e);

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    admin = createCaller(api.context);
    service = createCaller({ ...api.context, principal: SERVICE });
    await createTaskTypes(api.db).register("test-worker", [typeRegistration("math.add")]);
  });
  afterAll(() => api?.dispose());

  it("scopes a key to its caller: another caller's same key is its own task, the caller's own a replay", async () => {
    const mine = await admin.tasks.create({ payload: "charge #1", idempotencyKey: "order-1" });
    const theirs = await service.tasks.create({ payload: "charge #1", idempotencyKey: "order-1" });
    expect(theirs.id).not.toBe(mine.id);
    expect(mine).not.toHaveProperty("replayed");

    const again = await admin.tasks.create({ payload: "charge #1", idempotencyKey: "order-1" });
    expect(again).toEqual({ ...mine, replayed: true });
    expect(await admin.tasks.get({ id: mine.id })).not.toHaveProperty("replayed");
    const { items } = await service.tasks.createMany({
      items: [{ payload: "charge #1", idempotencyKey: "order-1" }, { payload: "charge #2" }],
    });
    expect(items[0]).toEqual({ ...theirs, replayed: true });
    expect(items[1]).not.toHaveProperty("replayed");
  });

  it("refuses a key reused with another type or input: 409 naming the key and the difference, never the input", async () => {
    await admin.tasks.create({ payload: "secret first input", idempotencyKey: "order-2" });
    const otherInput = await refusal(
      admin.tasks.create({ payload: "second input", idempotencyKey: "order-2" }),
    );
    expect(otherInput).toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"order-2"') });
    expect(otherInput!.message).toMatch(/input/);
    const otherType = await refusal(
      admin.tasks.create({ type: "math.add", input: { a: 1 }, idempotencyKey: "order-2" }),
    );
    expect(otherType).toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"order-2"') });
    expect(otherType!.message).toMatch(/type/);
    for (const error of [otherInput, otherType]) expect(error!.message).not.toContain("secret");
    expect(await count("order-2")).toBe(1);
  });

  it("refuses a createMany whose item conflicts as a whole, naming the item; a key twice in a call", async () => {
    await admin.tasks.create({ payload: "held", idempotencyKey: "order-3" });
    const before = (await admin.tasks.stats()).PENDING;
    const held = await refusal(
      admin.tasks.createMany({
        items: [{ payload: "would be new" }, { payload: "not held", idempotencyKey: "order-3" }],
      }),
    );
    expect(held).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^items\.1: .*"order-3"/),
    });
    const twice = await refusal(
      admin.tasks.createMany({
        items: [
          { payload: "a", idempotencyKey: "order-4" },
          { payload: "b", idempotencyKey: "order-4" },
        ],
      }),
    );
    expect(twice).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^items\.1: .*"order-4"/),
    });
    expect((await admin.tasks.stats()).PENDING).toBe(before);
    expect(await count("order-4")).toBe(0);
  });

  it("creates exactly one task for 20 concurrent creates with the same new key", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => service.tasks.create({ payload: "race", idempotencyKey: "order-5" })),
    );
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    expect(results.filter((t) => !("replayed" in t))).toHaveLength(1);
    expect(await count("order-5")).toBe(1);
  });

  it("frees a key 24 h after its task was created: a reuse then creates a new task", async () => {
    const first = await admin.tasks.create({ payload: "daily report", idempotencyKey: "order-6" });
    const age = async (interval: string) =>
      api.db.$executeRawUnsafe(
        `UPDATE tasks SET created_at = now() - interval '${interval}' WHERE id = $1`,
        first.id,
      );
    await age("23 hours 59 minutes");
    expect((await admin.tasks.create({ payload: "daily report", idempotencyKey: "order-6" })).id).toBe(
      first.id,
    );
    await age("24 hours 1 second");
    const next = await admin.tasks.create({ payload: "next day's report", idempotencyKey: "order-6" });
    expect(next.id).not.toBe(first.id);
    expect(next).not.toHaveProperty("replayed");
    expect(await admin.tasks.get({ id: first.id })).toMatchObject({ payload: "daily report" });
  });
});
