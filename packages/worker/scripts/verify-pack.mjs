#!/usr/bin/env node
// Packs @tps/worker and checks it as another service installs it (see scripts/verify-packed.mjs),
// with its peer zod: publint and are-the-types-wrong pass on the tarball, its declarations import
// only declared packages, consumer-fixture.ts type-checks without skipLibCheck (the bundled
// index.d.ts and what it imports must check cleanly), and at run time the package defines a task
// and creates a worker without starting it, so no PostgreSQL, RabbitMQ or Redis is needed.
// Usage: node scripts/verify-pack.mjs [--keep]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyPacked } from "../../../scripts/verify-packed.mjs";

const here = dirname(fileURLToPath(import.meta.url));
verifyPacked({
  packageDir: join(here, ".."),
  fixture: join(here, "consumer-fixture.ts"),
  peers: (manifest) => ({ zod: manifest.peerDependencies.zod }),
  // @prisma/client's postinstall generates a client; the worker bundles its own, so skip it.
  allowScripts: { "@prisma/client": false },
  // `./internal` maps only the repository's own `@tps/source` condition to src/ (apps/consumer uses
  // it); the tarball ships no src/, so outside the monorepo it resolves to nothing, as intended.
  unpublishedEntrypoints: ["./internal"],
  keep: process.argv.includes("--keep"),
  probe: `import { createWorker, defineTask, isNonRetryable, NonRetryableError } from "@tps/worker";
import { z } from "zod";
const echo = defineTask({ type: "echo", input: z.object({ text: z.string() }), run: async ({ text }) => ({ text }) });
const refused = (() => { try { defineTask({ type: "Bad Name", input: z.object({}), run: async () => {} }); } catch (e) { return e; } })();
if (!(refused instanceof TypeError)) { console.error("a bad type name was accepted", refused); process.exit(1); }
const worker = createWorker({ tasks: [echo], env: {} });
const health = await worker.health();
if (health.ok !== false || health.state !== "not started" || worker.inFlight !== 0) { console.error(health); process.exit(1); }
await worker.stop();
if (!isNonRetryable(new NonRetryableError("no"))) process.exit(1);
console.log("runtime: imports, defines a task and creates a worker", worker.id, "(not started)");`,
});
