import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
};

describe("OpenAPI document: idempotency keys", () => {
  const create = () => (openApiDocument().paths["/api/v1/tasks"] as { post: Operation }).post;

  it("documents the Idempotency-Key header with the body field's limits", () => {
    const header = create().parameters?.find((p) => p.name === "Idempotency-Key");
    expect(header).toMatchObject({
      in: "header",
      required: false,
      schema: { type: "string", maxLength: 200 },
    });
  });

  it("documents the replay (200 with Idempotent-Replayed) and the conflict (409) next to the 201", async () => {
    const { responses } = create();
    expect(responses["201"]).toBeDefined();
    expect(responses["200"]?.headers).toHaveProperty("Idempotent-Replayed");
    expect(responses["409"]?.description).toMatch(/key/);
    expect(responses["400"]?.description).toMatch(/Idempotency-Key/);
    const result = await new Validator().validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
  });
});
