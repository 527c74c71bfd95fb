/** The built-in type (always registered): its input is the plain payload string, not JSON. */
export const SLEEP_TYPE = "sleep";
