import type { PrismaClient } from "@tps/db";
import { describe, expect, it } from "vitest";
import type { Auth } from "./create-auth";
import { createPrincipalResolver } from "./principal";

/** better-auth's verifyApiKey and the owner lookup, counted; each verification takes `delayMs`. */
function fakes(delayMs = 20) {
  const calls = { verify: 0 };
  const auth = {
    api: {
      async verifyApiKey({ body }: { body: { key: string } }) {
        calls.verify++;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return body.key === "good"
          ? { valid: true, key: { id: "k1", name: "svc", referenceId: "u1", metadata: { role: "operator" } } }
          : { valid: false, key: null };
      },
    },
  } as unknown as Auth;
  const db = {
    user: { findUnique: async () => ({ banned: false, role: "admin" }) },
  } as unknown as PrismaClient;
  return { calls, resolver: createPrincipalResolver(auth, db) };
}

const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });

describe("principal resolver: API keys", () => {
  // A busy service's concurrent calls used to verify the key once each when the cache had lapsed
  // (a verification writes to the database): hundreds at once every 5 s at 500 creates/s.
  it("verifies a key once for concurrent calls, not once per call", async () => {
    const { calls, resolver } = fakes();
    const principals = await Promise.all(Array.from({ length: 50 }, () => resolver.resolve(bearer("good"))));
    expect(calls.verify).toBe(1);
    expect(new Set(principals.map((p) => p?.name))).toEqual(new Set(["key:svc"]));
    await resolver.resolve(bearer("good"));
    expect(calls.verify).toBe(1); // remembered
  });

  it("does not remember an invalid key, and forgets valid ones on request", async () => {
    const { calls, resolver } = fakes(1);
    expect(await resolver.resolve(bearer("bad"))).toBeNull();
    expect(await resolver.resolve(bearer("bad"))).toBeNull();
    expect(calls.verify).toBe(2);
    await resolver.resolve(bearer("good"));
    resolver.forgetKeys();
    await resolver.resolve(bearer("good"));
    expect(calls.verify).toBe(4);
  });
});
