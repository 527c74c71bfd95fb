/** Next calls this once when the server starts: tracing is registered before any route runs. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebTelemetry } = await import("./server/telemetry");
  startWebTelemetry();
}
