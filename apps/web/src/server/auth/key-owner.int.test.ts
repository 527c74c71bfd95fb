import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestWeb } from "../testing/test-web";

/**
 * Issue 20, finding 3: a key acts with at most its owner's current role, and a leaked key cannot
 * outlive its revocation by minting keys or users of its own.
 */
describe("API keys follow their owner", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"), { recheckStreamsMs: 300 });
  });
  afterAll(() => web?.dispose());

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it("acts with the owner's role once the owner is demoted, and with none once disabled", async () => {
    const owner = await web.signIn("admin");
    const key = await web.apiKey("operator", owner.userId);
    const create = () => web.call("tasks.create", "mutation", { payload: "owned" }, bearer(key.key));
    expect((await create()).status).toBe(200);

    await web.identity.updateUser({ id: owner.userId, role: "viewer" });
    expect((await create()).status).toBe(403);
    const me = await web.call("session.me", "query", undefined, bearer(key.key));
    expect(((await me.json()) as { result: { data: { role: string } } }).result.data.role).toBe("viewer");

    await web.identity.updateUser({ id: owner.userId, role: "admin" });
    expect((await create()).status).toBe(200); // back to the key's own role, not the owner's admin
    const deleteAll = await web.call(
      "tasks.deleteMatching",
      "mutation",
      { filter: {}, expectedCount: 0 },
      bearer(key.key),
    );
    expect(deleteAll.status).toBe(403);

    await web.identity.updateUser({ id: owner.userId, disabled: true });
    expect((await create()).status).toBe(401);
  });

  it("lets no API key manage users or keys, whatever its role: only a signed-in admin may", async () => {
    const owner = await web.signIn("admin");
    const key = await web.apiKey("admin", owner.userId);
    const other = await web.apiKey("viewer", owner.userId);
    for (const [path, input] of [
      ["apiKeys.create", { name: "minted", role: "admin" }],
      ["apiKeys.revoke", { id: other.id }],
      ["users.create", { email: "minted@example.com", password: "a long password", role: "admin" }],
      ["users.update", { id: owner.userId, role: "viewer" }],
    ] as const) {
      const response = await web.call(path, "mutation", input, bearer(key.key));
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toContain("signed-in admin");
    }
    // Reading stays open to admin keys.
    expect((await web.call("apiKeys.list", "query", undefined, bearer(key.key))).status).toBe(200);
    expect(
      (await web.call("apiKeys.create", "mutation", { name: "ok", role: "viewer" }, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
  });

  it("ends an open change stream once its key's owner is disabled", async () => {
    const owner = await web.signIn("admin");
    const key = await web.apiKey("viewer", owner.userId);
    const response = await web.call("tasks.onChange", "subscription", undefined, bearer(key.key));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read(); // the stream is open
    await web.identity.updateUser({ id: owner.userId, disabled: true });
    for (;;) {
      const { done } = await reader.read(); // pings until the stream is closed from the server side
      if (done) break;
    }
    expect((await web.call("tasks.onChange", "subscription", undefined, bearer(key.key))).status).toBe(401);
  });
});
