import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AppProcess,
  freePort,
  httpOk,
  REPO_ROOT,
  sleep,
  startNode,
  WEB_ARGS,
  WEB_CWD,
  waitUntil,
} from "../processes";
import { treeRss, type UploadOutcome, uploadFlood } from "./upload-flood";

const UPLOADS = 50;
const UPLOAD_BYTES = 100 * 1024 * 1024;
const RSS_BOUND = 50 * 1024 * 1024;

const API_FLAGS: string[] = JSON.parse(
  readFileSync(join(REPO_ROOT, "apps/web/api-runtime.json"), "utf8"),
).nodeFlags;

/** Outcomes counted by status (or socket error): `{ "401": 50 }`. */
const tally = (outcomes: UploadOutcome[]) =>
  outcomes.reduce<Record<string, number>>((counts, o) => {
    const key = "status" in o ? String(o.status) : o.error;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

/**
 * Issue 20, finding 1: anonymous callers must not make the server hold their uploads. Against the
 * built web app (`next start`) and the dedicated API server, as `npm start` runs them: 50 concurrent
 * anonymous 100 MB chunked uploads to each route family; every one is answered 401 (no caller), 413
 * (over the cap) or 429 (an address sending refused keys too often), and the server's resident
 * memory grows by less than 50 MB.
 */
describe("upload flood against the built servers", () => {
  const processes: AppProcess[] = [];
  let web = "";
  let api = "";
  let dispose = async () => {};

  beforeAll(async () => {
    const database = await createTestDatabase(inject("templateDatabaseUrl"));
    const [webPort, apiPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      RABBITMQ_URL: TEST_RABBITMQ_URL,
      REDIS_URL: TEST_REDIS_URL,
      TASK_QUEUE: uniqueName("tq_flood"),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
      PORT: String(webPort),
      API_PORT: String(apiPort),
    };
    processes.push(startNode(WEB_ARGS(webPort), WEB_CWD, env));
    processes.push(startNode([...API_FLAGS, join(REPO_ROOT, "apps/web/dist/api-server.js")], WEB_CWD, env));
    web = `http://127.0.0.1:${webPort}`;
    api = `http://127.0.0.1:${apiPort}`;
    for (const base of [web, api])
      await waitUntil(`${base}/api/health`, 60_000, httpOk(`${base}/api/health`));
    dispose = () => database.drop();
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop(5_000)));
    await dispose();
  });

  const families = (): [string, AppProcess, string, Record<string, string>][] => [
    ["web tRPC", processes[0]!, `${web}/api/trpc/tasks.create`, {}],
    ["web tRPC, unknown key", processes[0]!, `${web}/api/trpc/tasks.create`, { authorization: "Bearer x" }],
    ["web REST", processes[0]!, `${web}/api/v1/tasks`, {}],
    ["web REST, unknown key", processes[0]!, `${web}/api/v1/tasks`, { authorization: "Bearer x" }],
    ["web sign-in", processes[0]!, `${web}/api/auth/sign-in/email`, { origin: web }],
    ["API tRPC", processes[1]!, `${api}/api/trpc/tasks.create`, {}],
    ["API REST, unknown key", processes[1]!, `${api}/api/v1/tasks`, { authorization: "Bearer x" }],
  ];

  it("answers every anonymous upload 401, 413 or 429 while holding less than 50 MB of them", async () => {
    const figures: string[] = [];
    for (const [name, server, url, headers] of families()) {
      // Warm the route first (Next compiles and loads a route on its first request).
      await uploadFlood(url, 1, 1024, headers);
      await sleep(500);
      const before = treeRss(server.pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRss(server.pid));
      }, 25);
      const outcomes = await uploadFlood(url, UPLOADS, UPLOAD_BYTES, headers);
      await sleep(250);
      clearInterval(sampler);
      peak = Math.max(peak, treeRss(server.pid));
      const counts = tally(outcomes);
      const sent = outcomes.reduce((sum, o) => sum + o.sentBytes, 0);
      figures.push(
        `${name}: ${JSON.stringify(counts)}, RSS +${((peak - before) / 2 ** 20).toFixed(1)} MiB, ` +
          `${(sent / 2 ** 20).toFixed(0)} MiB sent of ${((UPLOADS * UPLOAD_BYTES) / 2 ** 20).toFixed(0)} MiB`,
      );
      console.log(`upload flood: ${figures.at(-1)}`);
      // 429: an address that sent too many refused keys is refused before the key is checked.
      const refusedUnread = (status: string) => status === "401" || status === "413" || status === "429";
      expect(Object.keys(counts).every(refusedUnread), `${name}: ${JSON.stringify(counts)}`).toBe(true);
      expect(peak - before, `${name}: RSS growth`).toBeLessThan(RSS_BOUND);
    }
    console.log(`upload flood, ${UPLOADS} × 100 MB chunked per route:\n  ${figures.join("\n  ")}`);
  });
});
