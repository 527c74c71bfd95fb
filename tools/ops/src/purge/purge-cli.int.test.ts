import { spawn } from "node:child_process";
import { createTestDatabase } from "@tps/infra/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoPath } from "../repo";

/** Runs `npm run purge -- <args>` the way the root script does (tsx), against the test database. */
function purge(url: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", repoPath("tools/ops/src/purge/main.ts"), ...args],
      {
        cwd: repoPath("."),
        env: { ...process.env, DATABASE_URL: url },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The purge CLI against a small seeded database: what it deletes, keeps, prints and refuses. */
describe("npm run purge", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  const counts = async () =>
    (
      await client.query<{ status: string; n: number }>(
        `SELECT status::text, count(*)::int AS n FROM tasks GROUP BY 1 ORDER BY 1`,
      )
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // 30 COMPLETED and 20 FAILED finished 10 days ago, 5 COMPLETED finished 1 hour ago, 5 PENDING.
    await client.query(`
      WITH t AS (
        INSERT INTO tasks (payload, status, finished_at)
        SELECT 'p' || g, s::"TaskStatus", CASE WHEN s = 'PENDING' THEN NULL ELSE now() - age END
        FROM (VALUES ('COMPLETED', 30, interval '10 days'), ('FAILED', 20, interval '10 days'),
                     ('COMPLETED', 5, interval '1 hour'), ('PENDING', 5, interval '10 days')) v(s, n, age),
             generate_series(1, n) g
        RETURNING id)
      INSERT INTO task_events (task_id, type) SELECT id, e FROM t, unnest(ARRAY['created', 'started', 'completed']) e`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("refuses bad arguments with one clear line and exit code 2, touching nothing", async () => {
    for (const [args, message] of [
      [[], "--older-than is required"],
      [["--older-than", "7x"], "--older-than must be a whole number followed by d, h or m"],
      [["--older-than", "7d", "--status", "PENDING"], "only finished tasks can be purged"],
      [["--older-than", "7d", "--status", "DONE"], "unknown status DONE"],
      [["--older-than", "7d", "--batch", "0"], "--batch must be a whole number from 1"],
    ] as const) {
      const run = await purge(database.url, [...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(await counts()).toEqual([
      { status: "COMPLETED", n: 35 },
      { status: "FAILED", n: 20 },
      { status: "PENDING", n: 5 },
    ]);
  }, 60_000);

  it("counts without deleting on --dry-run", async () => {
    const run = await purge(database.url, ["--older-than", "7d", "--dry-run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "dry run: would delete 50 COMPLETED, CANCELED, FAILED tasks finished more than 7d ago",
    );
  }, 30_000);

  it("deletes only the status asked for, then the rest, with progress and a summary", async () => {
    const completed = await purge(database.url, [
      "--older-than",
      "7d",
      "--status",
      "COMPLETED",
      "--batch",
      "7",
    ]);
    expect(completed.code, completed.stderr).toBe(0);
    expect(completed.stdout).toMatch(/purged 30 tasks in 5 batches, [\d.]+ s, [\d,]+ rows\/s/);
    expect(completed.stderr).toMatch(/purged 30 of 30 tasks \(100%\)/); // not a TTY: plain lines
    expect(await counts()).toEqual([
      { status: "COMPLETED", n: 5 },
      { status: "FAILED", n: 20 },
      { status: "PENDING", n: 5 },
    ]);

    const rest = await purge(database.url, ["--older-than", "2d"]);
    expect(rest.stdout).toContain("purged 20 tasks");
    expect(await counts()).toEqual([
      { status: "COMPLETED", n: 5 },
      { status: "PENDING", n: 5 },
    ]);
    const counters = await client.query<{ status: string; n: number }>(
      `SELECT status::text, sum(count)::int AS n FROM task_status_counts GROUP BY 1 HAVING sum(count) <> 0 ORDER BY 1`,
    );
    expect(counters.rows).toEqual(await counts());
    const orphans = await client.query(
      `SELECT 1 FROM task_events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)`,
    );
    expect(orphans.rowCount).toBe(0);
  }, 60_000);
});
