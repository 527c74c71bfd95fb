import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { parseConsumerEnv } from "./env";

describe("consumer env", () => {
  it("defaults CONSUMER_ID to one unique per process start (hostname, pid and a random suffix)", () => {
    const a = parseConsumerEnv({}).CONSUMER_ID;
    const b = parseConsumerEnv({}).CONSUMER_ID;
    expect(a.startsWith(`${hostname()}-${process.pid}-`)).toBe(true);
    // A restarted container can reuse its pid: a new start must never look like the old one.
    expect(a).not.toBe(b);
  });

  it("keeps an explicit CONSUMER_ID", () => {
    expect(parseConsumerEnv({ CONSUMER_ID: "worker-7" }).CONSUMER_ID).toBe("worker-7");
  });
});
