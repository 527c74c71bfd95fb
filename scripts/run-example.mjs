#!/usr/bin/env node
// Runs examples/tasks-service the way a user outside the monorepo would: packs @tps/client, copies
// the example to a temporary directory outside the repository, installs it from the tarball and
// runs it against a running system. Usage: node scripts/run-example.mjs [--url URL] [--keep]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as example from "./example-run.mjs";

const { values } = parseArgs({
  options: { url: { type: "string" }, keep: { type: "boolean", default: false } },
});
const dir = example.outsideDir("tps-example-");
let code = 0;

try {
  example.setUp("tasks-service", dir, (vendor) => {
    mkdirSync(vendor);
    example.run("npm", ["pack", "-w", "@tps/client", "--pack-destination", vendor], example.root);
    const tarball = readdirSync(vendor).find((f) => f.endsWith(".tgz"));
    const pkgPath = join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    pkg.dependencies["@tps/client"] = `file:vendor/${tarball}`;
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  });
  const env = { ...process.env, TPS_URL: example.trpcUrl(values.url) };
  console.log(`\nrunning the example in ${dir} against ${env.TPS_URL}\n`);
  example.run("npm", ["start", "--silent"], dir, env);
} catch (error) {
  code = example.exitCodeOf(error);
} finally {
  example.removeUnlessKept(dir, values.keep);
}
process.exit(code);
