import { afterAll, beforeAll, inject } from "vitest";
import { createTestWeb } from "./test-web";

/**
 * Registers hooks on the enclosing describe: a test web app with an admin signed in before its
 * tests, disposed of after them. A session rather than an API key, because keys may not reach
 * identity administration (users.*, apiKeys.*). `call` sends one procedure as that admin.
 */
export function useSignedInAdmin() {
  let web: Awaited<ReturnType<typeof createTestWeb>> | undefined;
  let headers: Record<string, string> = {};
  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"));
    headers = { cookie: (await web.signIn("admin")).cookie };
  });
  afterAll(() => web?.dispose());
  const current = () => {
    if (!web) throw new Error("the test web app is set up in beforeAll: use it inside a hook or a test");
    return web;
  };
  return {
    web: current,
    call: (path: string, kind: "query" | "mutation" | "subscription", input: unknown) =>
      current().call(path, kind, input, headers),
  };
}
