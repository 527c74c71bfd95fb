import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { FREE_PORT_RANGE, freePort } from "./processes";

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
