import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiRouter } from "./api-router";
import { createRestHandler } from "./rest/rest-handler";
import { createTestWeb } from "./testing/test-web";

/**
 * The dedicated API server's dispatch on a real Node HTTP server (the adapter it runs on), with the
 * web app's real tRPC handler and REST handler behind it: the same answers as through Next.
 */
describe("the API server", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  let server: ReturnType<typeof serve>;
  let base: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"));
    const admin = await web.signIn("admin");
    auth = { authorization: `Bearer ${(await web.apiKey("admin", admin.userId)).key}` };
    const handle = createApiRouter({
      trpc: web.handler,
      rest: createRestHandler({
        createContext: async (req) => ({
          ...web.api.context,
          principal: await web.principals.resolve(req.headers),
        }),
        maxBodyBytes: 1024 * 1024,
      }),
      health: async () => Response.json({ status: "ok" }),
      metrics: async () => new Response("# metrics\n"),
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: handle, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await web?.dispose();
  });

  it("serves tRPC and REST with the caller's key, refuses anonymous calls, and 404s the rest", async () => {
    const viaTrpc = await fetch(`${base}/api/trpc/tasks.create`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ payload: "through the API server" }),
    });
    expect(viaTrpc.status).toBe(200);
    const created = (await viaTrpc.json()) as { result: { data: { id: number; status: string } } };
    expect(created.result.data.status).toBe("PENDING");

    const viaRest = await fetch(`${base}/api/v1/tasks/${created.result.data.id}`, { headers: auth });
    expect(viaRest.status).toBe(200);
    expect(await viaRest.json()).toMatchObject({ payload: "through the API server" });

    expect((await fetch(`${base}/api/v1/tasks`)).status).toBe(401);
    expect((await fetch(`${base}/api/trpc/tasks.list`)).status).toBe(401);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const unknown = await fetch(`${base}/tasks`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("caps tRPC request bodies on the wire, declared or chunked", async () => {
    const { request } = await import("node:http");
    const send = (body: string, chunked: boolean) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/api/trpc/tasks.create`, {
          method: "POST",
          headers: {
            ...auth,
            "content-type": "application/json",
            ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": Buffer.byteLength(body) }),
          },
        });
        req.on("response", (res) => {
          res.on("error", () => {});
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        // A refusal may close the connection while the rest of the body is being sent (EPIPE).
        req.on("error", reject);
        if (chunked) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
        req.end(chunked ? undefined : body);
      });
    const small = JSON.stringify({ payload: "within the cap" });
    const big = JSON.stringify({ payload: "x".repeat(2 * 1024 * 1024) });
    expect(await send(small, false)).toBe(200);
    expect(await send(small, true)).toBe(200);
    expect(await send(big, false)).toBe(413);
    expect(await send(big, true)).toBe(413);
  });

  it("sends the web's security headers with every answer, errors included", async () => {
    for (const response of [
      await fetch(`${base}/api/v1/tasks`, { headers: auth }),
      await fetch(`${base}/api/trpc/tasks.list`),
      await fetch(`${base}/nowhere`),
    ]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });
});
