import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRestHandler } from "./rest/rest-handler";
import { BASE_URL, createTestWeb } from "./testing/test-web";

const CHUNK = new Uint8Array(64 * 1024).fill(0x20);

/**
 * An endless chunked body that counts how many chunks the server pulled: a refused caller's body
 * must not be read, an accepted caller's only up to the cap.
 */
function endlessBody() {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        counter.pulled++;
        controller.enqueue(CHUNK);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, counter };
}

const post = (url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);

describe("request bodies: nobody is read before the caller is known, none past the cap", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  let rest: (req: Request) => Promise<Response>;
  let key: string;
  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"));
    rest = createRestHandler({
      createContext: async (req) => ({
        ...web.api.context,
        principal: await web.principals.resolve(req.headers),
      }),
      maxBodyBytes: 1024 * 1024,
    });
    const admin = await web.signIn("admin");
    key = (await web.apiKey("operator", admin.userId)).key;
  });
  afterAll(() => web?.dispose());

  it("answers an anonymous upload 401 without reading it, on tRPC and REST, even cross-site", async () => {
    for (const [name, send] of [
      ["tRPC", (b: ReadableStream<Uint8Array>) => web.handler(post(`${BASE_URL}/api/trpc/tasks.create`, b))],
      [
        "tRPC, bogus key",
        (b: ReadableStream<Uint8Array>) =>
          web.handler(post(`${BASE_URL}/api/trpc/tasks.create`, b, { authorization: "Bearer x" })),
      ],
      [
        "tRPC, cross-site",
        (b: ReadableStream<Uint8Array>) =>
          web.handler(post(`${BASE_URL}/api/trpc/tasks.create`, b, { origin: "https://evil.example" })),
      ],
      ["REST", (b: ReadableStream<Uint8Array>) => rest(post(`${BASE_URL}/api/v1/tasks`, b))],
      [
        "REST, bogus key",
        (b: ReadableStream<Uint8Array>) =>
          rest(post(`${BASE_URL}/api/v1/tasks`, b, { authorization: "Bearer x" })),
      ],
    ] as const) {
      const { body, counter } = endlessBody();
      const response = await send(body);
      expect(response.status, name).toBe(401);
      expect(response.headers.get("www-authenticate"), name).toMatch(/^Bearer/);
      expect(counter.pulled, name).toBeLessThanOrEqual(1);
    }
  });

  it("stops reading a known caller's chunked upload at the cap and answers 413", async () => {
    for (const [name, send] of [
      [
        "tRPC",
        (b: ReadableStream<Uint8Array>) =>
          web.handler(post(`${BASE_URL}/api/trpc/tasks.create`, b, { authorization: `Bearer ${key}` })),
      ],
      [
        "REST",
        (b: ReadableStream<Uint8Array>) =>
          rest(post(`${BASE_URL}/api/v1/tasks`, b, { authorization: `Bearer ${key}` })),
      ],
    ] as const) {
      const { body, counter } = endlessBody();
      const response = await send(body);
      expect(response.status, name).toBe(413);
      // 1 MiB cap in 64 KiB chunks: 17 chunks cross it.
      expect(counter.pulled, name).toBeLessThanOrEqual(18);
    }
  });
});
