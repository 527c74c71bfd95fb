/**
 * The console's security headers. Pages get a Content-Security-Policy with a fresh nonce per
 * response (set by src/proxy.ts, which Next reads to put the nonce on its own scripts); API answers
 * get a policy that lets nothing load (next.config.ts), as the dedicated API server sends.
 */

/** API answers are never pages: nothing may load, frame or run in them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** 128 random bits, base64: a new one for every page response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Scripts run only with this response's nonce, and what they load ('strict-dynamic'): no inline
 * script without the nonce, and no eval in production (the console checks JSON with
 * @cfworker/json-schema for this reason). Next's dev server needs eval (React's error stacks) and a
 * websocket (hot reload). Inline styles stay allowed: React `style` attributes and the charts use them.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Two years of https only, subdomains included, when the public address (AUTH_URL) is https;
 * nothing otherwise, so a console served over plain http (a laptop, the e2e suite) stays reachable.
 */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  const https = !!publicUrl && URL.canParse(publicUrl) && new URL(publicUrl).protocol === "https:";
  return https ? "max-age=63072000; includeSubDomains" : null;
}
