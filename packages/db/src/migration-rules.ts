import { migrationStatements, withoutComments } from "./migrations";

/**
 * Migrations from this one on must not stall the pipeline (issue 21, item 7): a migration that
 * touches `tasks` takes its locks under a lock_timeout (so it gives up, rather than queueing every
 * claim and settle behind it while it waits), and builds its indexes CONCURRENTLY (a plain build
 * blocks every write to the table while it scans it).
 */
export const NON_BLOCKING_SINCE = "20261208000000";

/** A statement that locks `tasks` (also inside a DO body): ALTER, LOCK, an index or trigger on it. */
const LOCKS_TASKS =
  /\b(?:ALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?|LOCK\s+TABLE(?:\s+ONLY)?|CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s[\s\S]*?\bON|CREATE\s+(?:UNIQUE\s+)?INDEX\s[\s\S]*?\bON(?:\s+ONLY)?)\s+(?:"?public"?\.)?"?tasks"?(?=[\s",(]|$)/i;
const CREATES_INDEX = /\bCREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)/i;
/** set_config('lock_timeout', value, is_local) or SET [LOCAL] lock_timeout ...: [value, local]. */
const SETS_TIMEOUT =
  /set_config\(\s*'{1,2}lock_timeout'{1,2}\s*,\s*'{1,2}([^']*)'{1,2}\s*,\s*(true|false)\s*\)|\bSET\s+(LOCAL\s+|SESSION\s+)?lock_timeout\s*(?:=|TO)\s*'?([^'\s;]*)/i;

const isOff = (value: string) => /^0\w*$/.test(value.trim());

/** What in `script` breaks the rules, one line per statement (empty when it keeps them). */
export function nonBlockingViolations(script: string): string[] {
  const statements = migrationStatements(script).map(withoutComments);
  if (!statements.some((s) => LOCKS_TASKS.test(s))) return [];
  const problems: string[] = [];
  let session = false;
  let local = false;
  let inTransaction = false;
  for (const statement of statements) {
    const brief = statement.replace(/\s+/g, " ").slice(0, 80);
    if (CREATES_INDEX.test(statement)) problems.push(`index built without CONCURRENTLY: ${brief}`);
    if (/^(BEGIN|START\s+TRANSACTION)\b/i.test(statement)) inTransaction = true;
    if (/^(COMMIT|END|ROLLBACK)\b/i.test(statement)) [inTransaction, local] = [false, false];
    const set = statement.match(SETS_TIMEOUT);
    const setsHere = set?.index !== undefined && !LOCKS_TASKS.test(statement.slice(0, set.index));
    if (set && !/^DO\b/i.test(statement)) {
      const isLocal = set[2] === "true" || /^LOCAL/i.test(set[3] ?? "");
      const on = !isOff(set[1] ?? set[4] ?? "");
      // SET LOCAL / set_config(..., true) outside BEGIN ... COMMIT lasts for that statement alone.
      if (isLocal) local = inTransaction && on;
      else session = on;
    }
    if (LOCKS_TASKS.test(statement) && !session && !local && !setsHere)
      problems.push(`locks "tasks" without a lock_timeout in force: ${brief}`);
  }
  return problems;
}
