import { readRepoFile } from "./repo";

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions (joining `\` continuations, dropping comments). */
export function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let buffer = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (buffer === "" && (line === "" || line.startsWith("#"))) return;
    if (buffer !== "" && line.startsWith("#")) return;
    if (buffer === "") start = index + 1;
    if (line.endsWith("\\")) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const match = /^(\w+)\s+([\s\S]*)$/.exec(buffer);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start });
    buffer = "";
  });
  return out;
}

/** Groups instructions by stage (`FROM image AS name`); global ARGs come before the first stage. */
export function parseStages(text: string): { globalArgs: Map<string, string>; stages: Stage[] } {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === "FROM") {
      const [image, as, name] = instruction.args.split(/\s+/);
      stages.push({
        from: image!,
        name: as?.toUpperCase() === "AS" ? name! : String(stages.length),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") {
        const [key, value = ""] = instruction.args.split("=");
        globalArgs.set(key!, value);
      }
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

export const readDockerfile = () => parseStages(readRepoFile("Dockerfile"));

/** Replaces `${NAME}` with the global ARG's default. */
export const expandArgs = (value: string, args: Map<string, string>) =>
  value.replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? "");

/** Paths (relative to WORKDIR /app) that the final stage's COPY instructions create. */
export function runtimePaths(): string[] {
  const { stages } = readDockerfile();
  const runtime = stages.at(-1)!;
  return runtime.instructions
    .filter((i) => i.keyword === "COPY")
    .map((i) => i.args.split(/\s+/).at(-1)!.replace(/^\.\//, "").replace(/\/$/, ""));
}
