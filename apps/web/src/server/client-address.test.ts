import { describe, expect, it } from "vitest";
import { clientAddress, trustProxies, withSocketPeer } from "./client-address";

const from = (forwardedFor?: string) => new Headers(forwardedFor ? { "x-forwarded-for": forwardedFor } : {});

describe("client address", () => {
  it("is the socket peer (the last hop) when no proxy is trusted, whatever the client sent", () => {
    const none = trustProxies(undefined);
    expect(clientAddress(from("6.6.6.6, 203.0.113.7"), none)).toBe("203.0.113.7");
    expect(clientAddress(from("203.0.113.7"), none)).toBe("203.0.113.7");
  });

  it("walks left through trusted proxies only, from the right", () => {
    const trust = trustProxies("10.0.0.0/8, 127.0.0.1");
    // client-sent 6.6.6.6, then the real client 198.51.100.4 as the edge proxy saw it, then two proxies.
    expect(clientAddress(from("6.6.6.6, 198.51.100.4, 10.1.2.3, 127.0.0.1"), trust)).toBe("198.51.100.4");
    // An untrusted hop in the middle stops the walk there: nothing left of it is believed.
    expect(clientAddress(from("6.6.6.6, 198.51.100.4, 10.1.2.3"), trustProxies("127.0.0.1"))).toBe(
      "10.1.2.3",
    );
    // Every hop trusted: the leftmost is all there is.
    expect(clientAddress(from("10.0.0.5, 127.0.0.1"), trust)).toBe("10.0.0.5");
  });

  it("knows proxy-addr's names and IPv4-mapped IPv6 peers", () => {
    const loopback = trustProxies("loopback");
    expect(clientAddress(from("198.51.100.4, ::ffff:127.0.0.1"), loopback)).toBe("198.51.100.4");
    expect(clientAddress(from("::ffff:198.51.100.4"), loopback)).toBe("198.51.100.4");
  });

  it("reduces IPv6 clients to their /64, and names garbage as such", () => {
    const none = trustProxies(undefined);
    expect(clientAddress(from("2001:db8:1:2:aaaa::1"), none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(from("2001:db8:1:2:bbbb::9"), none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(from("not-an-ip"), none)).toBe("invalid:not-an-ip");
    expect(clientAddress(from(), none)).toBe("unknown");
  });

  it("refuses an invalid TRUSTED_PROXIES entry", () => {
    expect(() => trustProxies("10.0.0.0/33")).toThrow();
    expect(() => trustProxies("proxy.example.com")).toThrow();
  });

  it("appends the socket peer the way a proxy does", () => {
    const sent = new Request("http://api/x", { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(withSocketPeer(sent, "127.0.0.1").headers.get("x-forwarded-for")).toBe("6.6.6.6, 127.0.0.1");
    expect(withSocketPeer(new Request("http://api/x"), "::1").headers.get("x-forwarded-for")).toBe("::1");
  });
});
