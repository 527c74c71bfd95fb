import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The folder of the Prisma migrations, `<timestamp>_<name>/migration.sql` each. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../prisma/migrations");

/** The migration folders, oldest first (the order `prisma migrate deploy` applies them in). */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export const migrationSql = (name: string): string =>
  readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");

/**
 * A script's statements as Prisma's JavaScript migration engine runs them: split at every
 * semicolon (inside comments and quoted bodies too, hence `\073` in DO bodies), each run on its own,
 * outside any transaction the script does not open itself. Pieces that are only comments are dropped.
 */
export function migrationStatements(script: string): string[] {
  return script
    .split(";")
    .map((piece) => piece.trim())
    .filter((piece) => withoutComments(piece) !== "");
}

export const withoutComments = (statement: string): string => statement.replace(/--.*$/gm, "").trim();

/**
 * Runs `statements` one by one on one connection of `url`, as the migration runner does (for tests
 * and benchmarks that apply a migration by hand, e.g. under load). No statement timeout: a backfill
 * runs for as long as it needs.
 */
export async function runStatements(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
