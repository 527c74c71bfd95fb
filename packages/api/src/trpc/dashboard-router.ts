import { getOverview } from "@tps/core";
import { procedure, router } from "./trpc";

export const dashboardRouter = router({
  /** Counts, throughput and latency over the last 15 minutes, queue depth, live consumers. */
  overview: procedure.query(({ ctx }) => getOverview(ctx)),
});
