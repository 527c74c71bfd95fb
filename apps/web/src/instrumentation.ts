/**
 * Next calls this once when the server starts: tracing is registered before any route runs, then
 * the first admin and ADMIN_API_KEY are set up.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebTelemetry } = await import("./server/telemetry");
  startWebTelemetry();
  const { bootstrapOnStart } = await import("./server/bootstrap-on-start");
  await bootstrapOnStart();
}
