import { sleep } from "./stats";

/** Polls `done` every `everyMs` until it returns true; throws after `timeoutMs` naming `what`. */
export async function waitUntil(
  what: string,
  done: () => Promise<boolean>,
  timeoutMs = 600_000,
  everyMs = 50,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
