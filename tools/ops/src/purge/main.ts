import { purgeFinished } from "@tps/core";
import { createDb } from "@tps/db";
import { countPurgeable, createTaskRepository, describeError } from "@tps/infra";
import { parsePurgeArgs, USAGE } from "./args";
import { formatDuration } from "./duration";
import { progressReporter } from "./progress";

/**
 * `npm run purge -- --older-than 7d [--status COMPLETED] [--batch 5000] [--dry-run]`: deletes
 * finished tasks older than that from DATABASE_URL in short batches (the same statement as the
 * consumer's background retention), with a progress bar and a summary with rows per second.
 */
async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parsePurgeArgs>;
  try {
    args = parsePurgeArgs(argv);
  } catch (error) {
    console.error(`purge: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  // The one environment variable this tool reads.
  const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/tps";
  const db = createDb(url, { maxConnections: 2 });
  try {
    const finishedBefore = new Date(Date.now() - args.olderThanMs);
    const what = `${args.statuses.join(", ")} tasks finished more than ${formatDuration(args.olderThanMs)} ago (before ${finishedBefore.toISOString()})`;
    const total = await countPurgeable(db, { finishedBefore, statuses: args.statuses });
    if (args.dryRun) {
      console.log(`dry run: would delete ${total.toLocaleString("en")} ${what}`);
      return 0;
    }
    console.log(
      `deleting ${total.toLocaleString("en")} ${what}, ${args.batch.toLocaleString("en")} per batch`,
    );
    const progress = progressReporter(total);
    const result = await purgeFinished(createTaskRepository(db), {
      olderThanMs: args.olderThanMs,
      statuses: args.statuses,
      batch: args.batch,
      pauseMs: args.pauseMs,
      onBatch: (deleted) => progress.update(deleted),
      finishedBefore,
    }).finally(() => progress.stop());
    const seconds = result.elapsedMs / 1000;
    console.log(
      `purged ${result.deleted.toLocaleString("en")} tasks in ${result.batches} batches, ${seconds.toFixed(1)} s, ${Math.round(result.deleted / Math.max(seconds, 0.001)).toLocaleString("en")} rows/s`,
    );
    return 0;
  } catch (error) {
    console.error(`purge failed: ${describeError(error)}`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
