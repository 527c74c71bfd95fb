import cliProgress from "cli-progress";

export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

const rate = (done: number, startedAt: number) => {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
};

/**
 * A progress bar on a terminal (cli-progress); elsewhere (CI, a pipe, a log file) one plain line
 * every `everyMs` and at the end, so logs stay readable.
 */
export function progressReporter(
  total: number,
  out: NodeJS.WriteStream = process.stderr,
  everyMs = 2_000,
): ProgressReporter {
  const startedAt = Date.now();
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: "purging |{bar}| {percentage}% {value}/{total} tasks | {rate} rows/s | eta {eta_formatted}",
        stream: out,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0 });
    return {
      update: (done) => bar.update(Math.min(done, total), { rate: rate(done, startedAt) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest = 0;
  const line = (done: number) => {
    const percent = total > 0 ? Math.round((100 * done) / total) : 100;
    out.write(
      `purged ${done.toLocaleString("en")} of ${total.toLocaleString("en")} tasks (${percent}%), ${rate(done, startedAt).toLocaleString("en")} rows/s\n`,
    );
  };
  return {
    update(done) {
      latest = done;
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        line(done);
      }
    },
    stop: () => line(latest),
  };
}
