import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Swagger UI's files, served from the installed package (no CDN); spelled out so the build traces them. */
const ASSETS: Record<string, { path: () => string; type: string }> = {
  "swagger-ui.css": { path: () => require.resolve("swagger-ui-dist/swagger-ui.css"), type: "text/css" },
  "swagger-ui-bundle.js": {
    path: () => require.resolve("swagger-ui-dist/swagger-ui-bundle.js"),
    type: "text/javascript",
  },
};

export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }) {
  const asset = ASSETS[(await params).file];
  if (!asset) return new Response("not found", { status: 404 });
  return new Response(await readFile(asset.path()), {
    headers: { "content-type": `${asset.type}; charset=utf-8`, "cache-control": "public, max-age=86400" },
  });
}
