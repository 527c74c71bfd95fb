// Runs scripts/demo-worker.ts beside the root start script in an e2e run: once the run's database
// has been migrated (the worker registers its type in `task_types`), and again if it fails to start
// (a migration still under way). `stop()` ends it with SIGTERM and waits for it to exit; with
// `signalled` (the process group got the signal already, the worker too) it only waits, because a
// second signal makes the worker skip its drain.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const START_ATTEMPTS = 3;
const MIGRATION_WAIT_MS = 120_000;

/** @param {{ root: string, databaseUrl: string, exited: () => boolean }} options */
export function startDemoWorker({ root, databaseUrl, exited }) {
  let child = null;
  let stopped = false;

  const run = async () => {
    await waitForTable(databaseUrl, "task_types", () => stopped || exited());
    for (let attempt = 1; attempt <= START_ATTEMPTS && !stopped && !exited(); attempt++) {
      child = spawn(
        process.execPath,
        ["--conditions=@tps/source", "--import", "tsx", "e2e/scripts/demo-worker.ts"],
        { cwd: root, stdio: "inherit" },
      );
      const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(signal ?? c)));
      if (stopped || code === 0 || code === "SIGTERM") return;
      console.error(`[e2e] demo worker exited (${code}); attempt ${attempt} of ${START_ATTEMPTS}`);
      await sleep(1_000);
    }
  };
  const running = run().catch((error) => console.error(`[e2e] demo worker: ${error.message}`));

  return {
    /** @param {{ signalled?: boolean }} [options] */
    async stop({ signalled = false } = {}) {
      stopped = true;
      if (!signalled && child && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await running;
    },
  };
}

/** Waits until `table` exists in the run's database (the start script creates and migrates it). */
async function waitForTable(databaseUrl, table, giveUp) {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  while (!giveUp() && Date.now() < deadline) {
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass($1) IS NOT NULL AS ready", [table]);
      if (rows[0]?.ready) return;
    } catch {
      // the database does not exist yet
    } finally {
      await client.end().catch(() => {});
    }
    await sleep(500);
  }
}
