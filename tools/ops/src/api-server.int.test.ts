import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childrenOf, httpOk, startSystem, waitUntil } from "./testing/system";

const API_PORT = 3445;
const api = `http://127.0.0.1:${API_PORT}`;

const procFile = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
};

/** The API server's cluster primary of the system using `database` (workers carry NODE_UNIQUE_ID). */
function apiPrimaryOf(database: string): number | undefined {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((pid) => {
      const environ = procFile(pid, "environ");
      return (
        procFile(pid, "cmdline").includes("api-server.js") &&
        environ.includes(database) &&
        !environ.includes("NODE_UNIQUE_ID=")
      );
    });
}

/**
 * The dedicated API server as `npm start` runs it with API_WORKERS=2: two worker processes share
 * API_PORT, a scrape of /api/metrics counts both (whichever answers), a killed worker is replaced,
 * and SIGTERM stops them all.
 */
describe("the API server with API_WORKERS=2", () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  let primary: number;
  const workers = () => childrenOf(primary);

  beforeAll(async () => {
    system = await startSystem({
      port: 3444,
      consumerPort: 9444,
      env: { API_PORT: String(API_PORT), API_WORKERS: "2", RATE_LIMIT_PER_SECOND: "0" },
    });
    await system.ready();
    await waitUntil("API server /api/health", 60_000, httpOk(`${api}/api/health`));
    primary = apiPrimaryOf(system.database) ?? Number.NaN;
    expect(primary).toBeGreaterThan(0);
    await waitUntil("two API workers", 30_000, async () => workers().length === 2);
  }, 180_000);
  afterAll(() => system?.stop());

  const create = (n: number) =>
    fetch(`${api}/api/v1/tasks`, {
      method: "POST",
      // A new connection each time: the cluster hands connections to the workers in turn.
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${system.apiKey}`,
        connection: "close",
      },
      body: JSON.stringify({ payload: `clustered ${n}` }),
      signal: AbortSignal.timeout(10_000),
    });
  const createdCount = async () => {
    const response = await fetch(`${api}/api/metrics`, {
      headers: { connection: "close" },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return Number(text.match(/^tasks_created_total(?:\{[^}]*\})? (\d+)/m)?.[1] ?? Number.NaN);
  };

  it("serves from both workers and sums their metrics in every scrape", async () => {
    for (let n = 0; n < 40; n++) expect((await create(n)).status).toBe(201);
    const scrapes = [];
    for (let i = 0; i < 6; i++) scrapes.push(await createdCount());
    expect(scrapes).toEqual(Array(6).fill(40));
  });

  it("answers liveness on /api/health/live and readiness on /api/health, and reports its Redis breakers", async () => {
    const live = await fetch(`${api}/api/health/live`, { headers: { connection: "close" } });
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: "ok" } });
    const ready = await fetch(`${api}/api/health`, { headers: { connection: "close" } });
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: "ok" },
    });
    const metrics = await (await fetch(`${api}/api/metrics`, { headers: { connection: "close" } })).text();
    expect(metrics).toMatch(/^tps_dependency_breaker_open\{dependency="redis",client="cancel_signals"\} 0$/m);
  });

  it("replaces a worker killed with SIGKILL, and serves again", async () => {
    const [victim] = workers();
    process.kill(victim!, "SIGKILL");
    await waitUntil("a replacement worker", 30_000, async () => {
      const now = workers();
      return now.length === 2 && !now.includes(victim!);
    });
    // Connections the primary had handed to the killed worker are lost, as with any crashed
    // server: callers retry (creates with an idempotency key are safe to retry).
    await waitUntil("the API to answer again", 30_000, httpOk(`${api}/api/health`));
    for (let n = 0; n < 10; n++) expect((await create(100 + n)).status).toBe(201);
    // The killed worker's counts went with it (a counter reset, which rate() in Prometheus expects).
    expect(await createdCount()).toBeGreaterThanOrEqual(10);
  });

  it("stops every worker when only the primary gets SIGTERM (as a container's PID 1 does)", async () => {
    const pids = [primary, ...workers()];
    process.kill(primary, "SIGTERM");
    await waitUntil("the API server's processes to exit", 20_000, async () =>
      pids.every((pid) => procFile(pid, "cmdline") === ""),
    );
  });
});
