import { type Admission, createAdmission } from "./admission";
import { env } from "./env";
import { webMetrics } from "./metrics";

// One gate per server process for the tRPC and REST routes, even when Next loads this module in
// several route bundles.
const holder = globalThis as typeof globalThis & { __tpsAdmission?: Admission };
holder.__tpsAdmission ??= createAdmission(env.API_MAX_IN_FLIGHT, () => webMetrics.requestsShed.inc());

/** The API requests this process works on at once (API_MAX_IN_FLIGHT); see admission.ts. */
export const apiAdmission = holder.__tpsAdmission;
