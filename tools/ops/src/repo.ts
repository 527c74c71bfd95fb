import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The monorepo root (tools/ops/src → ../../..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const repoPath = (...parts: string[]) => join(REPO_ROOT, ...parts);

export const readRepoFile = (path: string) => readFileSync(repoPath(path), "utf8");
/** YAML with `<<:` merge keys resolved (docker-compose.yml uses them, as Compose does). */
export const readRepoYaml = <T = unknown>(path: string) => parse(readRepoFile(path), { merge: true }) as T;

/** True when `command` is on PATH. */
export function hasBinary(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}
