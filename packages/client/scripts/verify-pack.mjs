#!/usr/bin/env node
// Packs @tps/client and checks it as another service installs it (see scripts/verify-packed.mjs):
// publint and are-the-types-wrong pass on the tarball, its declarations import only declared
// packages, consumer-fixture.ts type-checks, and the package imports, calls (trigger included) and
// rejects with UnavailableError against a closed port. Only @trpc/server's own declarations may fail
// a full lib check (they mention `ws` types that are not installed).
// Usage: node scripts/verify-pack.mjs [--keep]
import { verifyPackageFromScript } from "../../../scripts/verify-packed.mjs";

verifyPackageFromScript(import.meta.url, {
  toleratedLibErrors: ["node_modules/@trpc/"],
  probe: `import { createTasksClient, outputOf, TaskFailedError, UnavailableError } from "@tps/client";
if (typeof outputOf !== "function" || typeof TaskFailedError !== "function") process.exit(1);
const client = createTasksClient("http://127.0.0.1:9", { retry: { attempts: 1, baseMs: 0 } });
const error = await client.tasks.stats.query().catch((e) => e);
if (!(error instanceof UnavailableError)) { console.error(error); process.exit(1); }
const triggered = await client.triggerAndWait("math.add", { a: 1, b: 2 }).catch((e) => e);
if (!(triggered instanceof UnavailableError)) { console.error(triggered); process.exit(1); }
console.log("runtime: imports, calls (trigger included) and rejects with", error.name);`,
});
