// Copies Swagger UI's script and styles from the installed swagger-ui-dist into public/api-docs,
// so /api-docs serves them as static files (no CDN, nothing read from node_modules at run time).
// Runs before `next build` and `next dev`; the copies are not committed.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const target = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "api-docs");
mkdirSync(target, { recursive: true });
for (const file of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
  copyFileSync(require.resolve(`swagger-ui-dist/${file}`), join(target, file));
}
