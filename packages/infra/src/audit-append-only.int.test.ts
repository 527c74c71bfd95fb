import { readFileSync } from "node:fs";
import { createDb, type PrismaClient } from "@tps/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAuditLog } from "./postgres/audit-log";
import { createTestDatabase, uniqueName } from "./testing";

const INIT_SCRIPT = new URL("../../../ops/postgres/init-app-role.sh", import.meta.url);

/**
 * The app's database role (compose: tps_app) may add and read audit rows but never change or
 * delete them, while it still reads and writes every other table. The role here is made the way
 * ops/postgres/init-app-role.sh makes tps_app: its GRANT lines, with this test's role and database.
 */
describe("audit_log is append-only for the app role", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let owner: pg.Client;
  let app: pg.Client;
  let appDb: PrismaClient;
  const role = uniqueName("tps_app_test");

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    const name = new URL(database.url).pathname.slice(1);
    owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
    const grants = readFileSync(INIT_SCRIPT, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("GRANT "))
      .map((line) => line.replaceAll("tps_app", role).replace(/\$\{POSTGRES_DB\}/g, name));
    expect(grants).toContain(`GRANT tps_writer TO ${role};`);
    await owner.query(`CREATE ROLE ${role} LOGIN`);
    for (const grant of grants) await owner.query(grant);
    const url = new URL(database.url);
    url.username = role;
    app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
    appDb = createDb(url.toString(), { maxConnections: 2 });
  });
  afterAll(async () => {
    await appDb?.$disconnect();
    await app?.end();
    await owner?.end();
    // The database first: the role's CONNECT grant on it goes with it, so the role can be dropped.
    await database?.drop();
    const admin = new URL(inject("templateDatabaseUrl"));
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP ROLE IF EXISTS ${role}`).finally(() => client.end());
  });

  it("adds and reads audit rows through the adapter", async () => {
    const audit = createAuditLog(appDb);
    await audit.record({
      actorId: "u1",
      actor: "ada@example.com",
      via: "session",
      procedure: "tasks.cancel",
      target: "id=42",
      outcome: "ok",
    });
    expect(await audit.list({ limit: 10 })).toEqual([
      expect.objectContaining({ actor: "ada@example.com", procedure: "tasks.cancel", target: "id=42" }),
    ]);
  });

  it.each([
    ["UPDATE", "UPDATE audit_log SET outcome = 'ok', actor = 'someone else'"],
    ["DELETE", "DELETE FROM audit_log"],
    ["TRUNCATE", "TRUNCATE audit_log"],
  ])("refuses %s on audit_log with permission denied", async (_, statement) => {
    await expect(app.query(statement)).rejects.toMatchObject({
      code: "42501",
      message: "permission denied for table audit_log",
    });
    const { rows } = await owner.query("SELECT actor FROM audit_log");
    expect(rows).toEqual([{ actor: "ada@example.com" }]);
  });

  it("still reads and writes the other tables, and tables later migrations add", async () => {
    const { rows } = await app.query<{ id: number }>("INSERT INTO tasks (payload) VALUES ('p') RETURNING id");
    const id = rows[0]!.id;
    await app.query("UPDATE tasks SET max_attempts = 5 WHERE id = $1", [id]);
    await app.query("DELETE FROM tasks WHERE id = $1", [id]);
    // As a later migration would, run by the owner: default privileges cover the new table.
    await owner.query("CREATE TABLE later_table (id serial PRIMARY KEY, note text)");
    await app.query("INSERT INTO later_table (note) VALUES ('a')");
    await app.query("UPDATE later_table SET note = 'b'");
    await app.query("DELETE FROM later_table");
  });
});
