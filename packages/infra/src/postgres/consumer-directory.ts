import type { ConsumerDirectory, ConsumerInfo } from "@tps/core";
import { type PrismaClient, safeNumber } from "@tps/db";
import { allowedFrom } from "./transition-sql";
import { withDatabase } from "./unavailable";

/** How many of a consumer's running tasks the console lists. */
const RUNNING_SHOWN = 10;

export interface Heartbeat {
  id: string;
  hostname: string;
  startedAt: Date;
  inFlight: number;
  prefetch: number;
  /** The task types this worker serves. */
  types: readonly string[];
}

/** Consumers write a heartbeat row every few seconds; the console reads the recent ones. */
export function createConsumerDirectory(db: PrismaClient): ConsumerDirectory & {
  beat(heartbeat: Heartbeat): Promise<void>;
  stopped(id: string): Promise<void>;
} {
  return {
    beat: (h) =>
      withDatabase(async () => {
        await db.$executeRaw`
          INSERT INTO consumers (id, hostname, started_at, last_seen_at, in_flight, prefetch, types)
          VALUES (${h.id}, ${h.hostname}, ${h.startedAt}, now(), ${h.inFlight}, ${h.prefetch}, ${[...h.types]}::text[])
          ON CONFLICT (id) DO UPDATE
          SET last_seen_at = now(), in_flight = EXCLUDED.in_flight, prefetch = EXCLUDED.prefetch,
              types = EXCLUDED.types, stopped_at = NULL`;
      }),
    stopped: (id) =>
      withDatabase(async () => {
        await db.$executeRaw`UPDATE consumers SET stopped_at = now(), in_flight = 0 WHERE id = ${id}`;
      }),
    live: (withinMs) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<
          (Omit<ConsumerInfo, "startedAt" | "lastSeenAt" | "runningTaskIds"> & {
            startedAt: Date;
            lastSeenAt: Date;
            runningTaskIds: bigint[];
          })[]
        >`
          WITH running AS (
            -- One pass over the running tasks (a partial index on PROCESSING), grouped by lease holder.
            SELECT lease_owner, (array_agg(id ORDER BY started_at, id))[1:${RUNNING_SHOWN}] AS ids
            FROM tasks WHERE ${allowedFrom("complete")} GROUP BY lease_owner
          )
          SELECT c.id, c.hostname, c.started_at AS "startedAt", c.last_seen_at AS "lastSeenAt",
                 c.in_flight AS "inFlight", c.prefetch, c.types, COALESCE(r.ids, '{}') AS "runningTaskIds"
          FROM consumers c LEFT JOIN running r ON r.lease_owner = c.id
          WHERE c.stopped_at IS NULL AND c.last_seen_at > now() - ${withinMs} * interval '1 millisecond'
          ORDER BY c.started_at`;
        return rows.map((r) => ({
          ...r,
          startedAt: r.startedAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          runningTaskIds: r.runningTaskIds.map(safeNumber),
        }));
      }),
  };
}
