export type NodeFileTrace = (
  files: string[],
  options: { base: string },
) => Promise<{ fileList: Set<string>; warnings: Set<Error> }>;

export function loadTracer(base: string): NodeFileTrace;

export function copyTracedFiles(
  entry: string,
  outDir: string,
  options?: { base?: string; nodeFileTrace?: NodeFileTrace },
): Promise<{ copied: string[]; warnings: string[] }>;
