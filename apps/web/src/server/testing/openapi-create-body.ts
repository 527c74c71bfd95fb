import { Ajv2020 } from "ajv/dist/2020.js";
import type { openApiDocument } from "../openapi";

/** A validator of the document's create body, its `#/components/…` references resolved in the document. */
export function createBodyValidator(doc: ReturnType<typeof openApiDocument>) {
  const post = (
    doc.paths["/api/v1/tasks"] as { post: { requestBody: { content: Record<string, { schema: object }> } } }
  ).post;
  const body = post.requestBody.content["application/json"]!.schema;
  return new Ajv2020({ strict: false }).compile({ ...body, components: doc.components });
}
