#!/usr/bin/env node
// Copies a Node bundle and exactly the files it loads at run time (its npm packages' files and
// their package.json) into a self-contained folder, as Next's standalone output does for the web
// server. The Dockerfile runs it on the dedicated API server's bundle, whose npm packages stay
// external: installing the web workspace's production dependencies instead would add Next.js,
// React and sharp (~460 MB) that the API server never loads.
//
//   node tools/ops/src/copy-traced-files.mjs <entry.js> <out-dir>   (from the repository root)
//
// The tracer is @vercel/nft as compiled into Next (the one that builds the standalone output),
// resolved from the working directory, so no extra package is installed.
import { copyFileSync, lstatSync, mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Next's copy of @vercel/nft, resolved from `base` (a folder whose node_modules holds `next`). */
export const loadTracer = (base) =>
  createRequire(join(base, "package.json"))("next/dist/compiled/@vercel/nft").nodeFileTrace;

/**
 * Traces `entry` (relative to `base`) and copies it and every file it loads into `outDir`, at the
 * same relative paths. A symlink (a workspace package under node_modules/@tps) is made again as a
 * relative link; the tracer lists the files it points to as well, so they are copied.
 */
export async function copyTracedFiles(entry, outDir, { base = process.cwd(), nodeFileTrace } = {}) {
  const trace = nodeFileTrace ?? loadTracer(base);
  const { fileList, warnings } = await trace([resolve(base, entry)], { base });
  const copied = [];
  for (const file of fileList) {
    const source = join(base, file);
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    if (lstatSync(source).isSymbolicLink())
      symlinkSync(relative(dirname(source), realpathSync(source)), target);
    else copyFileSync(source, target);
    copied.push(file);
  }
  return { copied: copied.sort(), warnings: [...warnings].map((w) => w.message) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [entry, outDir] = process.argv.slice(2);
  if (!entry || !outDir) {
    console.error("usage: copy-traced-files.mjs <entry.js> <out-dir>");
    process.exit(2);
  }
  const { copied, warnings } = await copyTracedFiles(entry, outDir);
  // Expected here: pg's optional native binding and its Cloudflare socket, neither used on Node.
  for (const warning of warnings) console.warn(`trace: ${warning.split("\n")[0]}`);
  console.log(`copied ${copied.length} files for ${entry} into ${outDir}`);
}
