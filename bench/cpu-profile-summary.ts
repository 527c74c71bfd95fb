/**
 * CPU budget per task from V8 CPU profiles (`node --cpu-prof`): total CPU sampled in a process,
 * divided by the tasks it handled, and where it went by package. See docs/benchmarks.md, "CPU per task".
 *
 *   npx tsx bench/cpu-profile-summary.ts --tasks 20000 [--top 15] [--after 10] /tmp/tps-prof/CPU.*.cpuprofile
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Which part of the stack a frame belongs to: an npm package, a workspace, Node itself, or V8. */
export function categoryOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/.next/")) return "web bundle (.next: app, tRPC, zod, infra)";
  const workspace = url.match(/\/(packages|apps)\/([^/]+)\//);
  if (workspace) return `@tps/${workspace[2]}`;
  return "other";
}

/** `afterSeconds` drops the samples of the process's first seconds (start-up: module loading). */
function summarize(path: string, tasks: number, top: number, afterSeconds: number) {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((nodeId, i) => {
    const frame = byNode.get(nodeId)!;
    const micros = profile.timeDeltas[i] ?? 0;
    at += micros;
    if (frame.functionName === "(idle)" || at - profile.startTime < afterSeconds * 1e6) return;
    busy += micros;
    const category = categoryOf(frame.url, frame.functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros);
    const fn = `${frame.functionName || "(anonymous)"} ${basename(frame.url)}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  });
  const wall = profile.endTime - profile.startTime - afterSeconds * 1e6;
  console.log(
    `\n${basename(path)}: ${(busy / 1000).toFixed(0)} ms CPU over ${(wall / 1e6).toFixed(1)} s` +
      (tasks ? `, ${(busy / tasks).toFixed(0)} µs per task (${tasks} tasks)` : ""),
  );
  for (const [category, micros] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(
      `  ${category.padEnd(28)} ${((micros / busy) * 100).toFixed(1).padStart(5)} %` +
        (tasks ? `  ${(micros / tasks).toFixed(0).padStart(6)} µs/task` : ""),
    );
  }
  if (top > 0) console.log(`  top ${top} functions by self time:`);
  for (const [fn, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${fn}`);
  }
}

const { values, positionals } = parseArgs({
  options: {
    tasks: { type: "string", default: "0" },
    top: { type: "string", default: "0" },
    after: { type: "string", default: "0" },
  },
  allowPositionals: true,
});
for (const path of positionals)
  summarize(path, Number(values.tasks), Number(values.top), Number(values.after));
