import { readFileSync } from "node:fs";
import net from "node:net";

/** What one upload got: the HTTP status, or the socket error that ended it before any answer. */
export type UploadOutcome = { status: number; sentBytes: number } | { error: string; sentBytes: number };

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * Sends `bytes` of chunked body (no Content-Length) to `url` on a raw socket, as fast as the server
 * takes it, and stops sending as soon as an answer arrives or the server stops reading, then reads
 * what the server answered (as curl does: "HTTP error before end of send, stop sending"). The body
 * is one reused 64 KiB chunk, so the sender holds no memory of its own.
 */
export function chunkedUpload(url: string, bytes: number, headers: Record<string, string> = {}) {
  const target = new URL(url);
  return new Promise<UploadOutcome>((resolve) => {
    let sent = 0;
    let received = "";
    let stopped = false; // no more writes
    let done = false; // resolved: once only
    const socket = net.connect(Number(target.port), target.hostname);
    const status = () => Number(received.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0);
    const finish = (error?: string) => {
      if (done) return;
      done = stopped = true;
      socket.destroy();
      resolve(
        status() ? { status: status(), sentBytes: sent } : { error: error ?? "no answer", sentBytes: sent },
      );
    };
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => {
      received += data;
      if (status() && status() !== 100) finish();
    });
    // A socket error is followed by "close": what was answered before it still counts, else the
    // error is the outcome (a reset, say).
    let socketError: string | undefined;
    socket.on("error", (err: NodeJS.ErrnoException) => {
      stopped = true;
      socketError = err.code ?? err.message;
    });
    socket.on("close", () => finish(socketError ?? "closed"));
    // A server that neither answers nor closes within a minute is an outcome too, not a hang.
    socket.setTimeout(60_000, () => finish("timeout"));
    const head = [
      `POST ${target.pathname}${target.search} HTTP/1.1`,
      `host: ${target.host}`,
      "content-type: application/json",
      "transfer-encoding: chunked",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      "",
      "",
    ].join("\r\n");
    const chunk = Buffer.concat([
      Buffer.from(`${CHUNK.length.toString(16)}\r\n`),
      CHUNK,
      Buffer.from("\r\n"),
    ]);
    const pump = () => {
      while (!stopped && sent < bytes) {
        sent += CHUNK.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
      if (!stopped) socket.write("0\r\n\r\n");
    };
    socket.once("connect", () => {
      socket.write(head);
      pump();
    });
  });
}

/** `count` concurrent chunked uploads of `bytes` each. */
export const uploadFlood = (url: string, count: number, bytes: number, headers?: Record<string, string>) =>
  Promise.all(Array.from({ length: count }, () => chunkedUpload(url, bytes, headers)));

/** Resident memory of a process and its descendants, in bytes (Linux /proc). */
export function treeRss(pid: number): number {
  const children = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const rss = (p: number) => {
    try {
      const line = readFileSync(`/proc/${p}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
      return line ? Number(line[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]!));
  return all.reduce((sum, p) => sum + rss(p), 0);
}
