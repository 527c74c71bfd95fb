import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { REST_ROUTES } from "./rest/rest-routes";

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every REST route, with bearer auth and the error shape", () => {
    const doc = openApiDocument();
    for (const route of REST_ROUTES) {
      const op = (doc.paths[`/api/v1${route.path}`] as Record<string, { responses: object }>)[
        route.method.toLowerCase()
      ];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(op!.responses)).toContain(String(route.status));
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it("takes list filters as query parameters from the list procedure's schema", () => {
    const list = (doc: ReturnType<typeof openApiDocument>) =>
      (doc.paths["/api/v1/tasks"] as { get: { parameters: { name: string }[] } }).get.parameters;
    expect(list(openApiDocument()).map((p) => p.name)).toEqual([
      "status",
      "type",
      "search",
      "createdFrom",
      "createdTo",
      "sort",
      "cursor",
      "limit",
    ]);
  });
});
