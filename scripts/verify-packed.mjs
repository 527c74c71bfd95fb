// What both published packages' `verify:pack` do: pack the package, install the tarball into a fresh
// project in the system temp directory (outside the repository, so no workspace package can leak
// in) with TypeScript, type-check a fixture with tsc (strict; once with skipLibCheck, as consumers
// compile, and once without it, where only errors inside the named third-party declarations are
// tolerated: our bundled .d.ts must check cleanly), then run a probe that imports the package.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

/**
 * @param {object} options
 * @param {string} options.packageDir the package to pack
 * @param {string} options.fixture a TypeScript file that uses the package (checked by tsc)
 * @param {string} options.probe an ES module run with node in the project (exits non-zero on failure)
 * @param {(manifest: any) => Record<string, string>} [options.peers] peer dependencies to install beside it
 * @param {Record<string, boolean>} [options.allowScripts] the project's npm allowScripts
 * @param {string[]} [options.toleratedLibErrors] path prefixes whose errors a full lib check tolerates
 * @param {boolean} [options.keep] keep the temporary project (prints where)
 */
export function verifyPacked({
  packageDir,
  fixture,
  probe,
  peers,
  allowScripts,
  toleratedLibErrors = [],
  keep,
}) {
  const manifest = readJson(join(packageDir, "package.json"));
  const slug = manifest.name.replace(/^@/, "").replace("/", "-");
  const dir = mkdtempSync(join(tmpdir(), `${slug}-verify-`));
  try {
    run("npm", ["pack", "--pack-destination", dir], packageDir);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    const project = {
      name: `${slug}-consumer`,
      private: true,
      type: "module",
      // What a service installs: the package and its peers, at the ranges the package asks for.
      dependencies: { [manifest.name]: `file:./${tarball}`, ...peers?.(manifest) },
      devDependencies: {
        typescript: readJson(join(root, "package.json")).devDependencies.typescript,
        "@types/node": "^20.19.0",
      },
      ...(allowScripts ? { allowScripts } : {}),
    };
    writeFileSync(join(dir, "package.json"), JSON.stringify(project, null, 2));
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    cpSync(fixture, join(dir, "consumer.ts"));
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
    run("npx", ["tsc", "-p", "."], dir);
    const full = spawnSync("npx", ["tsc", "-p", ".", "--skipLibCheck", "false"], {
      cwd: dir,
      encoding: "utf8",
    });
    const ours = full.stdout
      .split("\n")
      .filter(
        (line) => /error TS/.test(line) && !toleratedLibErrors.some((prefix) => line.startsWith(prefix)),
      );
    if (ours.length > 0 || (full.status !== 0 && toleratedLibErrors.length === 0)) {
      throw new Error(`declarations fail a full lib check:\n${ours.join("\n") || full.stdout}`);
    }
    console.log(
      "tsc: the packed declarations type-check outside the repository (strict, also without skipLibCheck)",
    );
    writeFileSync(join(dir, "probe.mjs"), probe);
    run("node", ["probe.mjs"], dir);
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
