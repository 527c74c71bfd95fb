import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyTracedFiles, loadTracer } from "./copy-traced-files.mjs";
import { REPO_ROOT } from "./repo";

const root = mkdtempSync(join(tmpdir(), "tps-trace-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, "app", path)), { recursive: true });
  writeFileSync(join(root, "app", path), text);
}

// A monorepo in miniature: a bundle that imports an npm package (ESM, through its exports map) which
// requires another (CommonJS), and a workspace package linked into node_modules; plus a package
// nothing imports.
write("package.json", '{ "name": "fixture", "private": true }');
write("apps/web/package.json", '{ "type": "module" }');
write(
  "apps/web/dist/server.js",
  'import { greet } from "used";\nimport { name } from "@x/core";\nconsole.log(greet(name));\n',
);
write(
  "node_modules/used/package.json",
  '{ "name": "used", "type": "module", "exports": { ".": "./lib/index.js" } }',
);
write("node_modules/used/lib/index.js", 'import dep from "dep";\nexport const greet = (n) => dep(n);\n');
write("node_modules/dep/package.json", '{ "name": "dep", "main": "main.js" }');
write("node_modules/dep/main.js", 'module.exports = (n) => "hello " + n;\n');
write("node_modules/unused/package.json", '{ "name": "unused", "main": "index.js" }');
write("node_modules/unused/index.js", "module.exports = 1;\n");
write("packages/core/package.json", '{ "name": "@x/core", "type": "module", "exports": "./index.js" }');
write("packages/core/index.js", 'export const name = "api";\n');
mkdirSync(join(root, "app/node_modules/@x"), { recursive: true });
symlinkSync(join(root, "app/packages/core"), join(root, "app/node_modules/@x/core"));

describe("copy-traced-files (the API server's files in the image)", () => {
  it("copies the bundle and exactly the package files it loads, and the copy runs on its own", async () => {
    const out = join(root, "out");
    const { copied } = await copyTracedFiles("apps/web/dist/server.js", out, {
      base: join(root, "app"),
      nodeFileTrace: loadTracer(REPO_ROOT),
    });
    expect(copied).toEqual(
      expect.arrayContaining([
        "apps/web/dist/server.js",
        "apps/web/package.json",
        "node_modules/used/package.json",
        "node_modules/used/lib/index.js",
        "node_modules/dep/package.json",
        "node_modules/dep/main.js",
        "node_modules/@x/core",
        "packages/core/index.js",
      ]),
    );
    expect(copied.filter((f) => f.includes("unused"))).toEqual([]);

    const run = spawnSync(process.execPath, [join(out, "apps/web/dist/server.js")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("hello api");
  });
});
