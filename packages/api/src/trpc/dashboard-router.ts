import { getOverview } from "@tps/core";
import { publicProcedure, router } from "./trpc";

export const dashboardRouter = router({
  /** Counts, throughput and latency over the last 15 minutes, queue depth, live consumers. */
  overview: publicProcedure.query(({ ctx }) => getOverview(ctx)),
});
