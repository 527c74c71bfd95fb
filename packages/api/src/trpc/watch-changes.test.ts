import { ManualChangeFeed } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { watchChanges } from "./watch-changes";

describe("watchChanges", () => {
  it("ticks once on connect, coalesces bursts, and unsubscribes on abort", async () => {
    const feed = new ManualChangeFeed();
    const abort = new AbortController();
    const stream = watchChanges(feed, abort.signal);
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect(feed.subscribers).toBe(1);

    const second = stream.next();
    for (let i = 0; i < 50; i++) feed.fire();
    expect((await second).done).toBe(false);

    // The burst was one tick: the next one waits for a new change.
    let resolved = false;
    const third = stream.next().then((r) => {
      resolved = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 250));
    expect(resolved).toBe(false);
    abort.abort();
    expect((await third).done).toBe(true);
    expect(feed.subscribers).toBe(0);
  });
});
