import { MemoryLog } from "@tps/core/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestWeb } from "../testing/test-web";
import { bootstrapIdentity } from "./bootstrap";

describe("bootstrap at start", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"));
  });
  afterAll(() => web?.dispose());

  it("creates the first admin and registers ADMIN_API_KEY once, however often it runs", async () => {
    const key = "k".repeat(40);
    const config = {
      ADMIN_EMAIL: "boss@example.com",
      ADMIN_PASSWORD: "a long admin password",
      ADMIN_API_KEY: key,
    };
    await bootstrapIdentity(web.auth, web.api.db, config, "http://localhost:3000/sign-in", new MemoryLog());
    await bootstrapIdentity(web.auth, web.api.db, config, "http://localhost:3000/sign-in", new MemoryLog());
    const users = await web.identity.listUsers();
    expect(users.map((u) => [u.email, u.role])).toEqual([["boss@example.com", "admin"]]);
    expect((await web.identity.listApiKeys()).map((k) => [k.name, k.role, k.revoked])).toEqual([
      ["admin-bootstrap", "admin", false],
    ]);
    const me = await web.call("session.me", "query", undefined, { authorization: `Bearer ${key}` });
    expect(await me.json()).toMatchObject({
      result: { data: { name: "key:admin-bootstrap", role: "admin" } },
    });
    const sessionless = await web.call("users.list", "query", undefined, { authorization: "Bearer wrong" });
    expect(sessionless.status).toBe(401);
  });
});
