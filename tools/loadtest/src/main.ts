// The load-test CLI: `npm run loadtest -- --rate 200 --duration 60s` (see USAGE in args.ts).
import { readFileSync } from "node:fs";
import { type GenericBar, Presets, SingleBar } from "cli-progress";
import { parseOptions, USAGE } from "./args";
import { runLoadTest } from "./index";

async function main() {
  // npm runs workspace scripts in the workspace folder; reports go where `npm run` was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), { cwd, isTTY: Boolean(process.stderr.isTTY) });
  } catch (error) {
    console.error(`loadtest: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }

  let bar: GenericBar | null = null;
  let lastLog = 0;
  const log = (line: string) => {
    if (Date.now() - lastLog < 2_000) return;
    lastLog = Date.now();
    console.error(line);
  };
  const startBar = (format: string, total: number) => {
    if (!options.progress) return null;
    const b = new SingleBar({ format, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
    b.start(total, 0);
    return b;
  };

  console.error(
    `loadtest: ${options.rate}/s for ${options.durationMs / 1000} s against ${options.url} ` +
      `(work ${options.workMs} ms on the consumer, cancel ${options.cancelRatio}, fail ${options.failRatio})`,
  );
  bar = startBar("creating  {bar} {value}/{total} | {rate}/s | in flight {inFlight} | failed {failed}", 1);
  const { report, files } = await runLoadTest(options, {
    onCreateProgress: (p) => {
      const rate = p.elapsedMs > 0 ? ((p.created / p.elapsedMs) * 1000).toFixed(0) : "0";
      if (bar) {
        bar.setTotal(p.total);
        bar.update(p.created + p.failed, { rate, inFlight: p.inFlight, failed: p.failed });
      } else log(`creating: ${p.created}/${p.total} created, ${p.failed} failed, ${rate}/s`);
    },
    onCreatesDone: () => {
      bar?.stop();
      bar = startBar("finishing {bar} {value}/{total} terminal | {unfinished} unfinished | {waited}s", 1);
    },
    onWaitProgress: (p) => {
      const unfinished = `${p.exact ? "" : "≥"}${p.unfinished}`;
      const waited = (p.elapsedMs / 1000).toFixed(0);
      if (bar) {
        bar.setTotal(p.total);
        bar.update(p.total - p.unfinished, { unfinished, waited });
      } else log(`finishing: ${unfinished} of ${p.total} unfinished after ${waited} s`);
    },
  });
  bar?.stop();

  console.log(readFileSync(files.markdown, "utf8"));
  console.error(`loadtest: wrote ${files.markdown}, ${files.json}, ${files.svg}`);
  if (report.creates.created === 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`loadtest failed: ${(error as Error).message}`);
  process.exit(1);
});
