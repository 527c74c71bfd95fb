import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { canListen, FREE_PORT_RANGE, freePort, isPortTaken } from "./processes";

describe("freePort", () => {
  // Ports from listen(0) are ephemeral ones, which outgoing connections also take: a consumer given
  // such a port once found it taken by the time it listened (EADDRINUSE).
  it("hands out ports outside the kernel's ephemeral range, free to listen on", async () => {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(FREE_PORT_RANGE.to).toBeLessThanOrEqual(low!);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_RANGE.from);
      expect(port).toBeLessThan(FREE_PORT_RANGE.to);
    }
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], "127.0.0.1", resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("canListen", () => {
  // A consumer given a port by freePort failed with EADDRINUSE on `::` while the probe, on 127.0.0.1
  // alone, had found it free: a listener on the IPv6 loopback does not collide with 127.0.0.1.
  it("sees a port taken on the IPv6 loopback, where the apps' listen would collide", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "::1", resolve));
    const { port } = other.address() as { port: number };
    try {
      expect(await canListen(port)).toBe(false);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
    expect(await canListen(port)).toBe(true);
  });

  it("tells a child's EADDRINUSE from other early exits", () => {
    expect(isPortTaken('{"message":"listen EADDRINUSE: address already in use :::23677"}')).toBe(true);
    expect(isPortTaken("connect ECONNREFUSED 127.0.0.1:5432")).toBe(false);
  });
});
