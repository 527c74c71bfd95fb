import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";

/** Whether `address`, `hop` steps left of the socket peer (0 = the peer), is a proxy we trust. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUSTED_PROXIES: addresses, CIDRs and proxy-addr's names (`loopback`, `linklocal`,
 * `uniquelocal`), comma-separated. Unset, no proxy is trusted. Throws on an invalid entry.
 */
export function trustProxies(setting: string | undefined): TrustProxy {
  const list = (setting ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return list.length > 0 ? proxyaddr.compile(list) : () => false;
}

/**
 * Who sent the request, from `X-Forwarded-For` walked from the right: its last entry is the
 * socket peer (the API server appends it, see withSocketPeer; `next start` sets the header to the
 * peer when the client sent none), and each entry that is a trusted proxy hands over to the one
 * on its left. So a client's own `X-Forwarded-For` counts only behind trusted proxies.
 *
 * Behind `next start` with no proxy in front, a client that sends the header itself is believed:
 * Next keeps it and drops the peer (docs/security.md, "Client addresses").
 *
 * IPv6 addresses are reduced to their /64: one host usually holds a whole /64.
 */
export function clientAddress(headers: Headers, trust: TrustProxy): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (let i = chain.length - 1, hop = 0; i >= 0; i--, hop++) {
    const address = chain[i]!;
    if (i === 0 || !trust(address, hop)) return normalize(address);
  }
  return "unknown";
}

function normalize(address: string): string {
  if (!ipaddr.isValid(address)) return `invalid:${address.slice(0, 64)}`;
  const ip = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (!(ip instanceof ipaddr.IPv6)) return ip.toString();
  const parts = ip.parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}

/**
 * `req` with its socket peer appended to `X-Forwarded-For`, as a proxy appends it: the API server
 * (no Next in front) calls it on every request, so the last entry is always where the connection
 * came from, and whatever the client sent stands left of it.
 */
export function withSocketPeer(req: Request, peer: string | undefined): Request {
  const sent = req.headers.get("x-forwarded-for");
  const chain = sent ? `${sent}, ${peer ?? "unknown"}` : (peer ?? "unknown");
  try {
    req.headers.set("x-forwarded-for", chain);
    return req;
  } catch {
    const headers = new Headers(req.headers); // immutable headers: a copy around the same body
    headers.set("x-forwarded-for", chain);
    return new Request(req, { headers });
  }
}

/** A fetch handler for @hono/node-server that first appends the socket peer (withSocketPeer). */
export function withPeerAddress(handle: (req: Request) => Promise<Response>) {
  return (req: Request, env: { incoming: { socket: { remoteAddress?: string } } }) =>
    handle(withSocketPeer(req, env.incoming.socket.remoteAddress));
}
