import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, inject } from "vitest";
import { createCaller } from "./trpc/app-router";

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;

/**
 * Registers hooks on the enclosing describe: the web app's services on a fresh database, queue and
 * Redis prefix before its tests, disposed of after them. The caller acts as the test admin; it
 * reads its context when called, so it can be handed out before the services exist. `api()`
 * returns the services once the tests run.
 */
export function useTestCaller() {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
  });
  afterAll(() => api?.dispose());
  const current = () => {
    if (!api) throw new Error("the test API is set up in beforeAll: use it inside a hook or a test");
    return api;
  };
  return { api: current, caller: createCaller(() => current().context) };
}
