import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoPath } from "./repo";
import { startSystem } from "./testing/system";

/**
 * examples/tasks-service as a user outside the monorepo runs it: `scripts/run-example.mjs` packs
 * @tps/client, installs the example from the tarball in a temporary folder (from the npm registry)
 * and runs it against the running system with an API key. The example exits non-zero when any of
 * its steps (create with idempotency keys, waitFor, cancel, each error type) goes wrong.
 */
describe("the example service, with the packed client, against the running system", () => {
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    system = await startSystem({ port: 3260, consumerPort: 9595, env: { TASK_WORK_MS: "300" } });
    await system.ready();
  }, 120_000);
  afterAll(() => system?.stop());

  it("creates tasks, waits for them, cancels one and handles every error type", () => {
    const run = spawnSync(process.execPath, [repoPath("scripts/run-example.mjs"), "--url", system.trpcUrl], {
      env: { ...process.env, TPS_API_KEY: system.apiKey },
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 320_000);
});
