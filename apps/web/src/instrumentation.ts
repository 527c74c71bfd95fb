/** Next calls this once when the server starts: the first admin and ADMIN_API_KEY are set up here. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrapOnStart } = await import("./server/bootstrap-on-start");
  await bootstrapOnStart();
}
