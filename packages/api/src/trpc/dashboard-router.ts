import { ACTIVITY_RANGE_KEYS, getOverview } from "@tps/core";
import { z } from "zod";
import { procedure, router } from "./trpc";

const overviewInput = z.strictObject({ range: z.enum(ACTIVITY_RANGE_KEYS).optional() }).optional();

export const dashboardRouter = router({
  /**
   * Counts, queue depth, live consumers, and throughput and latency over `range` (default the last
   * 15 minutes; 1 h, 24 h and 7 d too).
   */
  overview: procedure.input(overviewInput).query(({ ctx, input }) => getOverview(ctx, input?.range)),
});
