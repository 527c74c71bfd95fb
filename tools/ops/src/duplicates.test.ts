import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./repo";

/**
 * Copies found by jscpd (.jscpd.json: 5+ lines and 50+ tokens the same, in the TypeScript,
 * JavaScript and CSS sources) may not grow past this. Code that does the same thing is written
 * once and shared; the two left are a five-line CSP parser in two workspaces (the web's unit test
 * and e2e) and two fault scenarios' import lists. Lower it as copies go.
 */
const MAX_CLONES = 4;

interface Report {
  statistics: { total: { clones: number; sources: number } };
  duplicates: { firstFile: Place; secondFile: Place }[];
}
interface Place {
  name: string;
  start: number;
  end: number;
}

function detect(): Report {
  const out = mkdtempSync(join(tmpdir(), "tps-jscpd-"));
  try {
    const bin = join(REPO_ROOT, "node_modules", ".bin", "jscpd");
    const args = ["--config", ".jscpd.json", "--silent", "--reporters", "json", "--output", out];
    const run = spawnSync(bin, args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    if (run.status !== 0) throw new Error(`jscpd failed (${run.status ?? run.signal}): ${run.stderr}`);
    return JSON.parse(readFileSync(join(out, "jscpd-report.json"), "utf8")) as Report;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe("copied code", () => {
  it(`stays at ${MAX_CLONES} copies or fewer across the sources`, () => {
    const report = detect();
    expect(report.statistics.total.sources, "jscpd read no sources").toBeGreaterThan(100);
    const at = (p: Place) => `${p.name}:${p.start}-${p.end}`;
    const copies = report.duplicates.map((d) => `${at(d.firstFile)} ~ ${at(d.secondFile)}`);
    expect(
      copies.length,
      `share the code of these copies (at most ${MAX_CLONES}):\n${copies.join("\n")}`,
    ).toBeLessThanOrEqual(MAX_CLONES);
  });
});
