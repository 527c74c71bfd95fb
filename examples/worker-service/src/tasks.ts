import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { defineTask, NonRetryableError } from "@tps/worker";
import { z } from "zod";

/**
 * GETs a URL and reports its HTTP status and how long the answer took. Any status is a result (this
 * is a check, not a download); a network error or the timeout fails the attempt, which is retried.
 */
export const httpCheck = defineTask({
  type: "http.check",
  input: z.object({ url: z.url() }),
  output: z.object({ status: z.number().int(), ms: z.number().int() }),
  retry: { maxAttempts: 3, backoffMs: 500 },
  timeoutMs: 10_000,
  concurrency: 16,
  run: async ({ url }, ctx) => {
    const { protocol } = new URL(url);
    if (protocol !== "http:" && protocol !== "https:") {
      throw new NonRetryableError(`http.check: ${protocol} URLs are not checked, only http and https`);
    }
    const started = performance.now();
    // ctx.signal aborts on cancel, timeout and shutdown: the request stops with it.
    const response = await fetch(url, { signal: ctx.signal, redirect: "manual" });
    await response.body?.cancel(); // the status is all we need
    const ms = Math.round(performance.now() - started);
    ctx.log.info({ url, status: response.status, ms }, "checked");
    return { status: response.status, ms };
  },
});

/**
 * Streams a file (on the worker's machine) through node:crypto and returns its digest and size,
 * reporting progress as it reads. A missing file is not retried.
 */
export const fileHash = defineTask({
  type: "file.hash",
  input: z.object({
    path: z.string().min(1),
    algorithm: z.enum(["sha256", "sha512", "sha1"]).default("sha256"),
  }),
  output: z.object({ digest: z.string(), bytes: z.number().int() }),
  timeoutMs: 120_000,
  concurrency: 2,
  run: async ({ path, algorithm }, ctx) => {
    const size = await stat(path).then(
      (s) => s.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT" || error.code === "EACCES") {
          throw new NonRetryableError(`file.hash: cannot read ${path} (${error.code})`, { cause: error });
        }
        throw error;
      },
    );
    const hash = createHash(algorithm);
    let bytes = 0;
    for await (const chunk of createReadStream(path, { signal: ctx.signal, highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      ctx.progress(size > 0 ? (100 * bytes) / size : 100, `${bytes} of ${size} bytes`);
    }
    ctx.progress(100, `${bytes} bytes hashed`);
    return { digest: hash.digest("hex"), bytes };
  },
});
