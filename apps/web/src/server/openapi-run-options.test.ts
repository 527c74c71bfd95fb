import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { createBodyValidator } from "./testing/openapi-create-body";

describe("OpenAPI document: run options (issue 22)", () => {
  const doc = openApiDocument([{ type: "sleep", inputSchema: { type: "string" }, outputSchema: null }]);

  it("documents the Task's priority, expiry, schedule, limit hold and expired flag", () => {
    const task = (
      doc.components.schemas as unknown as Record<string, { required: string[]; properties: object }>
    ).Task!;
    for (const field of ["priority", "expiresAt", "scheduleId", "waitingOn", "expired"]) {
      expect(task.required).toContain(field);
      expect(task.properties).toHaveProperty(field);
    }
  });

  it("accepts runAt, delayMs, ttlMs and priority on a create and refuses them out of range", () => {
    const valid = createBodyValidator(doc);
    expect(valid({ payload: "x", runAt: "2026-12-24T18:00:00Z", ttlMs: 60_000, priority: 9 })).toBe(true);
    expect(valid({ type: "sleep", input: "x", delayMs: 5_000 })).toBe(true);
    expect(valid({ payload: "x", priority: 10 })).toBe(false);
    expect(valid({ payload: "x", ttlMs: 10 })).toBe(false);
    expect(valid({ payload: "x", delayMs: -1 })).toBe(false);
  });
});
