import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of one process from /proc/<pid>/stat, in ms; 0 when it is gone. */
function processCpuMs(pid: number): { group: number; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const group = Number(fields[2]);
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    return { group, ms };
  } catch {
    return null;
  }
}

/** CPU used so far by the first process whose command line contains `fragment`, in ms; null if none. */
export function commandCpuMs(fragment: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(fragment)) continue;
    } catch {
      continue; // gone meanwhile
    }
    const cpu = processCpuMs(Number(entry));
    if (cpu) return cpu.ms;
  }
  return null;
}

/** CPU used so far by every process in a process group (a web or consumer started detached). */
export function groupCpuMs(groupId: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpuMs(Number(entry));
    if (cpu?.group === groupId) total += cpu.ms;
  }
  return total;
}

/** CPU used so far by each PostgreSQL backend serving `database` (this machine's server only). */
export async function backendCpuMs(db: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [database],
  );
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)?.ms ?? 0]));
}

/** CPU the backends used between two snapshots; a backend opened in between counts from zero. */
export function backendDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
