import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRepoFile, repoPath } from "./repo";

/**
 * docs/architecture.md draws the workspace's package graph by hand. This test keeps the drawing
 * honest: its edges must be exactly the workspace dependencies declared in the package.json files,
 * and the overview diagram must mention every package that ships.
 */

/** The workspace folders the package graph covers: the code that ships (tools, e2e, bench are left out). */
const GRAPHED = ["apps", "packages"];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Workspace {
  dir: string;
  manifest: Manifest;
}

/** Every workspace of the root package.json (globs of the form `folder/*` or plain folders). */
function workspaces(): Workspace[] {
  const globs = (JSON.parse(readRepoFile("package.json")) as { workspaces: string[] }).workspaces;
  const dirs = globs.flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(repoPath(glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob],
  );
  return dirs
    .filter((dir) => existsSync(repoPath(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readRepoFile(`${dir}/package.json`)) as Manifest }));
}

const isGraphed = (dir: string) => GRAPHED.some((folder) => dir.startsWith(`${folder}/`));

/** The first ```mermaid block after the heading `heading`. */
function mermaidAfter(markdown: string, heading: string): string {
  const at = markdown.split("\n").findIndex((line) => line.trim() === heading);
  if (at < 0) throw new Error(`docs/architecture.md has no "${heading}" heading`);
  const rest = markdown.split("\n").slice(at + 1);
  const open = rest.findIndex((line) => line.trim() === "```mermaid");
  const close = rest.findIndex((line, i) => i > open && line.trim() === "```");
  if (open < 0 || close < 0) throw new Error(`no mermaid block after "${heading}"`);
  return rest.slice(open + 1, close).join("\n");
}

const SOLID = "-->";
const DASHED = "-.->";

/**
 * Reads the package graph: node lines `id["folder"]` and edge lines `a --> b` (dependencies) or
 * `a -.-> b` (devDependencies), one per line. Anything else fails, so an edge written in a form
 * this parser does not know (a chain, `&`) cannot slip past the comparison.
 */
function parseGraph(block: string) {
  const folders = new Map<string, string>();
  const edges: { from: string; arrow: string; to: string }[] = [];
  const unknown: string[] = [];
  for (const raw of block.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("%%") || /^flowchart \w+$/.test(line)) continue;
    const node = line.match(/^(?<id>\w+)\["(?<folder>[^"]+)"\]$/)?.groups;
    const edge = line.match(/^(?<from>\w+) (?<arrow>-->|-\.->) (?<to>\w+)$/)?.groups;
    if (node?.id && node.folder) folders.set(node.id, node.folder);
    else if (edge?.from && edge.arrow && edge.to)
      edges.push({ from: edge.from, arrow: edge.arrow, to: edge.to });
    else unknown.push(line);
  }
  const folderOf = (id: string) => {
    const folder = folders.get(id);
    if (!folder) throw new Error(`the package graph's edge uses "${id}", which is not a declared node`);
    return folder;
  };
  return {
    unknown,
    folders: [...folders.values()],
    edges: edges.map((edge) => `${folderOf(edge.from)} ${edge.arrow} ${folderOf(edge.to)}`),
  };
}

/** The edges the package.json files declare between graphed workspaces, in the diagram's notation. */
function declaredEdges(all: Workspace[]) {
  const dirOfName = new Map(all.map((w) => [w.manifest.name, w.dir]));
  const edges: string[] = [];
  const onLeftOut: string[] = [];
  for (const { dir, manifest } of all.filter((w) => isGraphed(w.dir))) {
    const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
    const dev = Object.keys(manifest.devDependencies ?? {});
    for (const [names, arrow] of [
      [[...runtime], SOLID],
      // A package named in both places is drawn once, as the stronger (runtime) dependency.
      [dev.filter((name) => !runtime.has(name)), DASHED],
    ] as const) {
      for (const name of names) {
        const target = dirOfName.get(name);
        if (!target) continue; // an npm package, not a workspace
        if (isGraphed(target)) edges.push(`${dir} ${arrow} ${target}`);
        else onLeftOut.push(`${dir} depends on ${target}`);
      }
    }
  }
  return { edges, onLeftOut };
}

describe("docs/architecture.md", () => {
  const markdown = readRepoFile("docs/architecture.md");
  const all = workspaces();
  const graphed = all.filter((w) => isGraphed(w.dir));

  it("finds the workspaces it checks", () => {
    expect(graphed.map((w) => w.dir)).toEqual(expect.arrayContaining(["apps/web", "packages/core"]));
  });

  describe("package graph", () => {
    const graph = parseGraph(mermaidAfter(markdown, "### Package graph"));

    it("has only node and single-edge lines", () => {
      expect(graph.unknown, "lines the test cannot read").toEqual([]);
    });

    it("has one node per shipped workspace", () => {
      const missing = graphed.map((w) => w.dir).filter((dir) => !graph.folders.includes(dir));
      const extra = graph.folders.filter((folder) => !graphed.some((w) => w.dir === folder));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it("leaves out only workspaces nothing that ships depends on", () => {
      // Otherwise dropping tools/e2e/bench from the drawing would hide a real edge.
      expect(declaredEdges(all).onLeftOut).toEqual([]);
    });

    it("draws exactly the dependencies the package.json files declare", () => {
      const declared = declaredEdges(all).edges;
      const missing = declared.filter((edge) => !graph.edges.includes(edge));
      const extra = graph.edges.filter((edge) => !declared.includes(edge));
      const twice = graph.edges.filter((edge, i) => graph.edges.indexOf(edge) !== i);
      // `-->` is a dependency, `-.->` a devDependency: a missing edge may be drawn with the wrong arrow.
      expect({ missing, extra, twice }).toEqual({ missing: [], extra: [], twice: [] });
    });
  });

  it("names every shipped package in the overview diagram", () => {
    const overview = mermaidAfter(markdown, "## Overview");
    const unnamed = graphed
      .filter((w) => !overview.includes(w.dir) && !overview.includes(w.manifest.name))
      .map((w) => `${w.dir} (${w.manifest.name})`);
    expect(unnamed).toEqual([]);
  });
});
