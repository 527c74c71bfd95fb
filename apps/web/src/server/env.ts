import { parseEnv, sharedEnv } from "@tps/infra";
import { z } from "zod";

/** The web app's configuration (PORT is read by `next start` itself; default 3000). */
export const env = parseEnv(
  {
    ...sharedEnv,
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  },
  process.env,
);
