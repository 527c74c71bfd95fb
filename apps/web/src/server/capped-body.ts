/**
 * Request bodies are read through here, never whole: at most `max` bytes are held, and a body that
 * is longer (declared, or chunked and found so while reading) is refused without reading the rest.
 * Every route family (tRPC, REST, sign-in) uses it after deciding the caller may send a body at all.
 */

export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false };

/** The declared Content-Length, or null when there is none (chunked) or it is not a number. */
function declaredLength(req: Request): number | null {
  const declared = req.headers.get("content-length");
  return declared !== null && /^\d{1,15}$/.test(declared) ? Number(declared) : null;
}

/** Reads at most `max` bytes of the body; `{ ok: false }` as soon as it is known to be longer. */
export async function readCapped(req: Request, max: number): Promise<CappedBody> {
  const declared = declaredLength(req);
  if (declared !== null && declared > max) {
    await req.body?.cancel().catch(() => {});
    return { ok: false };
  }
  if (!req.body) return { ok: true, bytes: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/**
 * The request with its body read under the cap, for handlers that read the body themselves
 * (tRPC's fetch adapter, better-auth); null when the body is over `max`. A body whose declared
 * length is within the cap is passed through: the HTTP parser ends it there.
 */
export async function cappedRequest(req: Request, max: number): Promise<Request | null> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const declared = declaredLength(req);
  if (declared !== null && declared <= max) return req;
  const body = await readCapped(req, max);
  if (!body.ok) return null;
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: body.bytes as BodyInit,
    signal: req.signal,
  });
}

/** The JSON body under the cap: 413 when over it, 400 when it is not JSON, undefined when empty. */
export async function readJsonCapped(
  req: Request,
  max: number,
): Promise<{ ok: true; body: unknown } | { ok: false; status: 400 | 413 }> {
  const read = await readCapped(req, max);
  if (!read.ok) return { ok: false, status: 413 };
  const text = Buffer.from(read.bytes).toString("utf8");
  if (text.trim() === "") return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400 };
  }
}
