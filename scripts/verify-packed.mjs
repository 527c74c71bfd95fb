// What both published packages' `verify:pack` do: pack the package; lint the tarball with publint
// (package.json fields, exports, files) and are-the-types-wrong (whether TypeScript resolves the
// declarations as Node and bundlers resolve the JavaScript); install it into a fresh project in the
// system temp directory (outside the repository, so no workspace package can leak in) with
// TypeScript; check that its declarations import only packages it declares; type-check a fixture
// with tsc (strict; once with skipLibCheck, as consumers compile, and once without it, where only
// errors inside the named third-party declarations are tolerated: our bundled .d.ts must check
// cleanly, and an import of a package that is not installed fails there with TS2307), then run a
// probe that imports the package.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

/** Runs a check whose output is its report; a non-zero exit fails verify:pack with `failure`. */
function check(cmd, args, cwd, failure) {
  const result = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${failure} (exit ${result.status ?? result.signal}; see above)`);
}

/**
 * True when the package can only be imported, not required: an ES module package whose exports offer
 * no `require` condition. Such a package is checked with are-the-types-wrong's `esm-only` profile,
 * which skips the CommonJS resolutions (node10, node16 from CJS): there `require` of an ES module is
 * expected to fail, so reporting it would only be noise. Anything else gets the default, strict one.
 */
function isEsmOnly(manifest) {
  const conditions = JSON.stringify(manifest.exports ?? {});
  return manifest.type === "module" && !/"require"\s*:/.test(conditions);
}

/** The package an import specifier names (`@scope/name/sub` -> `@scope/name`), or null if relative. */
function packageOf(specifier) {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * The packages the installed package's declaration files import (import/export from, import(),
 * triple-slash type references) that it does not declare as a dependency or peer. TypeScript's own
 * pre-processor reads the specifiers, so ones in comments or strings do not count. tsc would report
 * most of these as TS2307, but not one that some other dependency happens to install: this catches
 * those too. Node's built-in modules (and `types="node"`) are the consumer's @types/node.
 */
function undeclaredTypeImports(installedDir, manifest) {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const found = [];
  const files = readdirSync(installedDir, { recursive: true }).filter(
    (file) => /\.d\.[cm]?ts$/.test(file) && !file.split(/[\\/]/).includes("node_modules"),
  );
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(installedDir, file), "utf8"), true, true);
    const specifiers = [
      ...info.importedFiles.map((ref) => ref.fileName),
      ...info.typeReferenceDirectives.map((ref) => ref.fileName).filter((name) => name !== "node"),
    ];
    for (const specifier of specifiers) {
      const name = packageOf(specifier);
      if (name && !declared.has(name) && !isBuiltin(specifier)) found.push(`${file}: "${specifier}"`);
    }
  }
  return found;
}

/**
 * @param {object} options
 * @param {string} options.packageDir the package to pack
 * @param {string} options.fixture a TypeScript file that uses the package (checked by tsc)
 * @param {string} options.probe an ES module run with node in the project (exits non-zero on failure)
 * @param {(manifest: any) => Record<string, string>} [options.peers] peer dependencies to install beside it
 * @param {Record<string, boolean>} [options.allowScripts] the project's npm allowScripts
 * @param {string[]} [options.toleratedLibErrors] path prefixes whose errors a full lib check tolerates
 * @param {string[]} [options.unpublishedEntrypoints] exports subpaths that resolve only inside the
 *   repository (a workspace-only condition), so are-the-types-wrong does not check them
 * @param {boolean} [options.keep] keep the temporary project (prints where)
 */
export function verifyPacked({
  packageDir,
  fixture,
  probe,
  peers,
  allowScripts,
  toleratedLibErrors = [],
  unpublishedEntrypoints = [],
  keep,
}) {
  const manifest = readJson(join(packageDir, "package.json"));
  const slug = manifest.name.replace(/^@/, "").replace("/", "-");
  const dir = mkdtempSync(join(tmpdir(), `${slug}-verify-`));
  try {
    run("npm", ["pack", "--pack-destination", dir], packageDir);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    // The tools are the repository's devDependencies, run from its root (`--no`: never downloaded).
    // --strict: publint's warnings fail too, not only its errors.
    check(
      "npx",
      ["--no", "--", "publint", "run", join(dir, tarball), "--strict"],
      root,
      `publint found problems in the packed ${manifest.name}: fix its package.json (exports, files, fields)`,
    );
    const profile = isEsmOnly(manifest) ? "esm-only" : "strict";
    const exclude =
      unpublishedEntrypoints.length > 0 ? ["--exclude-entrypoints", ...unpublishedEntrypoints] : [];
    check(
      "npx",
      ["--no", "--", "attw", join(dir, tarball), "--profile", profile, "--no-color", ...exclude],
      root,
      `are-the-types-wrong (profile ${profile}) found problems in the packed ${manifest.name}: its declarations do not resolve as its JavaScript does`,
    );
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
    const undeclared = undeclaredTypeImports(join(dir, "node_modules", manifest.name), manifest);
    if (undeclared.length > 0) {
      throw new Error(
        `the declarations of ${manifest.name} import packages it does not declare (add them to dependencies or peerDependencies, or keep them out of the .d.ts):\n${undeclared.join("\n")}`,
      );
    }
    console.log("declarations: import only declared packages and Node built-ins");
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

/**
 * verifyPacked as a package's own `scripts/verify-pack.mjs` runs it: the package is the script's
 * parent directory, the fixture is `consumer-fixture.ts` beside the script, and `--keep` on the
 * command line keeps the temporary project. `options` are verifyPacked's others (probe, peers, …).
 *
 * @param {string} scriptUrl the calling script's `import.meta.url`
 * @param {Omit<Parameters<typeof verifyPacked>[0], "packageDir" | "fixture" | "keep">} options
 */
export function verifyPackageFromScript(scriptUrl, options) {
  const here = dirname(fileURLToPath(scriptUrl));
  verifyPacked({
    packageDir: join(here, ".."),
    fixture: join(here, "consumer-fixture.ts"),
    keep: process.argv.includes("--keep"),
    ...options,
  });
}
