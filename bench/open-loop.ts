/**
 * An open-loop HTTP load: request n leaves at start + n / rate whatever happened to the earlier
 * ones, so a slow server cannot slow the sender down and hide its own queueing (coordinated
 * omission); each latency is measured from when its request was due, not from when it left.
 *
 * It sends with node:http over keep-alive connections rather than fetch: in Node 20 fetch cost
 * the sender about four times the CPU (half a core at 2,000 requests/s, measured with
 * `process.cpuUsage`), taken from the server it measures on a shared machine. `senderCpu` reports
 * what the sender used, so a reader can tell.
 */
import http from "node:http";

export interface OpenLoopOptions {
  url: string;
  headers: Record<string, string>;
  /** The JSON body of request n. */
  body(n: number): string;
  rate: number;
  seconds: number;
  /** A request unanswered this long counts as a timeout (default 10 s). */
  timeoutMs?: number;
}

export interface OpenLoopReply {
  /** HTTP status, or "timeout" / "error" when no answer came. */
  status: number | "timeout" | "error";
  latencyMs: number;
}

export interface OpenLoopResult {
  replies: OpenLoopReply[];
  sent: number;
  /** Seconds from the first request due to the last one sent, and to the last answer. */
  sentIn: number;
  elapsed: number;
  /** CPU the sender itself used, as a share of one core over the run. */
  senderCpu: number;
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, seconds, timeoutMs = 10_000 } = options;
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1_024 });
  const replies: OpenLoopReply[] = [];

  const send = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = options.body(n);
      let settled = false;
      const settle = (status: OpenLoopReply["status"]) => {
        if (settled) return;
        settled = true;
        replies.push({ status, latencyMs: performance.now() - due });
        resolve();
      };
      const req = http.request(
        target,
        {
          method: "POST",
          agent,
          headers: { ...options.headers, "content-length": Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on("end", () => settle(res.statusCode ?? "error"));
          res.on("error", () => settle("error"));
        },
      );
      req.on("timeout", () => {
        settle("timeout");
        req.destroy();
      });
      req.on("error", () => settle("error"));
      req.end(body);
    });

  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(n, due));
  }
  const sentIn = (performance.now() - start) / 1000;
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  agent.destroy();
  return {
    replies,
    sent: total,
    sentIn,
    elapsed,
    senderCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  };
}
