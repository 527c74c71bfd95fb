import { describe, expect, it } from "vitest";
import { isCrossSite } from "./trpc-handler";

const post = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/trpc/tasks.create", { method: "POST", headers });

describe("isCrossSite", () => {
  it("lets same-host, trusted and API-key POSTs through, and GETs", () => {
    expect(isCrossSite(post({ origin: "http://127.0.0.1:3200", host: "127.0.0.1:3200" }), [])).toBe(false);
    expect(
      isCrossSite(post({ origin: "https://tps.example", host: "web:3000" }), ["https://tps.example"]),
    ).toBe(false);
    expect(isCrossSite(post({ origin: "https://evil.example", authorization: "Bearer k" }), [])).toBe(false);
    expect(isCrossSite(post({ "sec-fetch-site": "same-origin" }), [])).toBe(false);
    expect(isCrossSite(new Request("http://localhost:3000/api/trpc/tasks.list"), [])).toBe(false);
  });

  it("refuses other origins, a null origin and POSTs that say nothing", () => {
    expect(isCrossSite(post({ origin: "https://evil.example", host: "localhost:3000" }), [])).toBe(true);
    expect(isCrossSite(post({ origin: "null", host: "localhost:3000" }), [])).toBe(true);
    expect(isCrossSite(post({ "sec-fetch-site": "cross-site" }), [])).toBe(true);
    expect(isCrossSite(post({}), [])).toBe(true);
  });

  it("holds REST's PATCH and DELETE to the same rule as POST (a schedule's update and delete)", () => {
    const write = (method: string, headers: Record<string, string>) =>
      new Request("http://localhost:3000/api/v1/schedules/0b6f3c1e-8d5a-4c3e-9b1a-2f4d5e6a7b8c", {
        method,
        headers,
      });
    for (const method of ["PATCH", "DELETE"]) {
      expect(isCrossSite(write(method, { origin: "https://evil.example", host: "localhost:3000" }), [])).toBe(
        true,
      );
      expect(isCrossSite(write(method, {}), [])).toBe(true);
      expect(
        isCrossSite(write(method, { origin: "http://localhost:3000", host: "localhost:3000" }), []),
      ).toBe(false);
      expect(
        isCrossSite(write(method, { origin: "https://evil.example", authorization: "Bearer k" }), []),
      ).toBe(false);
    }
    expect(isCrossSite(new Request("http://localhost:3000/api/v1/schedules", { method: "HEAD" }), [])).toBe(
      false,
    );
  });
});
