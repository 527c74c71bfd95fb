import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCaller } from "@tps/api";
import { createTestApi, type HungProxy, startHungProxy, TEST_RABBITMQ_URL } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { LedgerEntry } from "../work-ledger";

const HOST = fileURLToPath(new URL("./limited-host.ts", import.meta.url));
const LEASE_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The limits across THREE worker processes, checked over the ledger of every attempt's start and
 * end (WORK_LEDGER_FILE, one file for all three):
 *  - lim.conc (concurrencyLimit 3 per input.k): at no instant more than 3 running per key;
 *  - lim.rate (rateLimit 5 per 1,000 ms per input.k): no window of 1,000 ms holds 6 starts of a key;
 *  - every task COMPLETED with attempts = 1 (held tasks spend no attempt);
 *  - an unlimited type and a lightly used key are not blocked meanwhile.
 * Then Redis out of reach (fail closed: limited tasks held, unlimited ones run), and a worker killed
 * with -9 while it holds slots (the others run the waiting tasks within LEASE_MS).
 */
describe("limits across three worker processes", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  let proxy: HungProxy;
  const ledgerFile = join(mkdtempSync(join(tmpdir(), "limits-")), "ledger.jsonl");
  const hosts: { child: ChildProcess; output: string[] }[] = [];
  const keyOf = new Map<number, string>();

  const ledger = (): LedgerEntry[] => {
    try {
      return readFileSync(ledgerFile, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };
  const create = async (type: string, key: string, ms: number, count: number) => {
    const { items } = await caller.tasks.createMany({
      items: Array.from({ length: count }, () => ({ type, input: { k: key, ms } })),
    });
    for (const t of items) keyOf.set(t.id, `${type}/${key}`);
    return items.map((t) => t.id);
  };
  const tasksOf = (ids: number[]) =>
    api.db.$queryRaw<{ id: bigint; status: string; attempts: number; waiting_on: string | null }[]>`
      SELECT id, status::text, attempts, waiting_on FROM tasks WHERE id = ANY(${ids.map(BigInt)}::bigint[])`;
  const allDone = async (ids: number[], timeoutMs: number) =>
    expect
      .poll(async () => (await tasksOf(ids)).filter((t) => t.status === "COMPLETED").length, {
        timeout: timeoutMs,
        interval: 200,
      })
      .toBe(ids.length);

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    proxy = await startHungProxy({ host: "127.0.0.1", port: 6379 });
    for (let i = 0; i < 3; i++) {
      const output: string[] = [];
      const child = spawn(process.execPath, ["--conditions=@tps/source", "--import", "tsx", HOST], {
        env: {
          ...process.env,
          DATABASE_URL: api.databaseUrl,
          RABBITMQ_URL: TEST_RABBITMQ_URL,
          REDIS_URL: proxy.proxied("redis://127.0.0.1:6379"),
          TASK_QUEUE: api.queue,
          LEASE_MS: String(LEASE_MS),
          WORK_LEDGER_FILE: ledgerFile,
          CONSUMER_ID: `limited-${i}`,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      for (const stream of [child.stdout!, child.stderr!])
        stream.on("data", (d: Buffer) => output.push(d.toString()));
      hosts.push({ child, output });
    }
    const deadline = Date.now() + 60_000;
    while (!hosts.every((h) => h.output.join("").includes("limited host ready"))) {
      if (Date.now() > deadline || hosts.some((h) => h.child.exitCode !== null))
        throw new Error(`hosts did not start:\n${hosts.map((h) => h.output.join("")).join("\n---\n")}`);
      await sleep(100);
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      hosts.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), sleep(8_000)]);
        child.kill("SIGKILL");
      }),
    );
    await proxy?.close();
    await api?.dispose();
  }, 30_000);

  it("keeps every key within its concurrency and rate, spends no attempt, blocks no other type or key", async () => {
    const t0 = Date.now();
    const conc = [...(await create("lim.conc", "a", 200, 45)), ...(await create("lim.conc", "b", 200, 45))];
    const light = await create("lim.conc", "light", 50, 2);
    const rate = [...(await create("lim.rate", "x", 0, 15)), ...(await create("lim.rate", "y", 0, 15))];
    const free = await create("lim.free", "-", 50, 30);
    await allDone(free, 10_000);
    const freeDoneMs = Date.now() - t0;
    await allDone(light, 10_000);
    const lightDoneMs = Date.now() - t0;
    await allDone([...conc, ...rate], 60_000);
    const allDoneMs = Date.now() - t0;

    const rows = await tasksOf([...conc, ...light, ...rate, ...free]);
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    const entries = ledger().filter((e) => keyOf.has(e.task));

    // Concurrency: sweep the starts and ends of each key; ends first at the same instant.
    const peak = new Map<string, number>();
    const events = entries
      .filter((e) => keyOf.get(e.task)!.startsWith("lim.conc/"))
      .map((e) => ({ key: keyOf.get(e.task)!, at: e.at, delta: e.event === "start" ? 1 : -1 }))
      .sort((p, q) => p.at - q.at || p.delta - q.delta);
    const running = new Map<string, number>();
    for (const { key, delta } of events) {
      running.set(key, (running.get(key) ?? 0) + delta);
      peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
    }
    // Rate: the 6th start of a key is never within 1,000 ms of the 1st before it.
    const gaps: number[] = [];
    for (const key of ["lim.rate/x", "lim.rate/y"]) {
      const starts = entries
        .filter((e) => e.event === "start" && keyOf.get(e.task) === key)
        .map((e) => e.at)
        .sort((p, q) => p - q);
      expect(starts).toHaveLength(15);
      for (let i = 5; i < starts.length; i++) gaps.push(starts[i]! - starts[i - 5]!);
    }
    const consumers = new Set(entries.map((e) => e.consumer));
    console.log(
      `ledger: ${entries.length} entries from ${consumers.size} processes; concurrency peaks ${JSON.stringify(Object.fromEntries(peak))}; ` +
        `shortest window holding 6 starts of a rate key: ${Math.min(...gaps)} ms; ` +
        `unlimited type done in ${freeDoneMs} ms, light key in ${lightDoneMs} ms, everything in ${allDoneMs} ms`,
    );
    expect(consumers.size).toBe(3);
    expect(peak.get("lim.conc/a")).toBe(3);
    expect(peak.get("lim.conc/b")).toBe(3);
    expect(Math.max(...peak.values())).toBeLessThanOrEqual(3);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    // 45 tasks of 200 ms, 3 at a time, take 3 s at best: the unlimited type and the light key ran
    // meanwhile, all done before key "a" started its last task (whatever the machine's load).
    const lastOf = (key: string, event: string) =>
      Math.max(...entries.filter((e) => e.event === event && keyOf.get(e.task) === key).map((e) => e.at));
    const aLastStart = lastOf("lim.conc/a", "start");
    expect(lastOf("lim.free/-", "end")).toBeLessThan(aLastStart);
    expect(lastOf("lim.conc/light", "end")).toBeLessThan(aLastStart);
    expect(aLastStart - t0).toBeGreaterThan(2_500);
  }, 90_000);

  it("fails a task whose key function refuses its input, with a clear error, and runs the rest of its batch", async () => {
    const [bad, ...good] = [
      ...(await create("lim.conc", "", 0, 1)),
      ...(await create("lim.conc", "ok", 0, 3)),
    ];
    await allDone(good, 10_000);
    await expect
      .poll(async () => (await caller.tasks.get({ id: bad! })).status, { timeout: 10_000 })
      .toBe("FAILED");
    const task = await caller.tasks.get({ id: bad! });
    expect(task.lastError).toMatch(/concurrencyKey of lim.conc must return a non-empty string/);
    expect(task.attempts).toBe(1);
    expect(ledger().filter((e) => e.task === bad)).toEqual([]); // its work never started
  }, 30_000);

  it("fails closed while Redis is out of reach: limited tasks held, not run; unlimited ones run; all run once it is back", async () => {
    proxy.down();
    try {
      await sleep(300);
      const limited = [...(await create("lim.conc", "r", 0, 5)), ...(await create("lim.rate", "r", 0, 5))];
      const free = await create("lim.free", "-", 0, 5);
      await allDone(free, 10_000);
      await sleep(2_500);
      const rows = await tasksOf(limited);
      expect(rows.map((r) => r.status)).toEqual(limited.map(() => "PENDING"));
      expect(rows.every((r) => r.waiting_on !== null && r.attempts === 0)).toBe(true);
      expect(ledger().filter((e) => limited.includes(e.task))).toEqual([]);
    } finally {
      proxy.up();
    }
    const back = Date.now();
    const limited = [...keyOf].filter(([, k]) => k.endsWith("/r")).map(([id]) => id);
    await allDone(limited, 15_000);
    console.log(`Redis back: the ${limited.length} held tasks completed within ${Date.now() - back} ms`);
  }, 60_000);

  it("a worker killed with -9 while it holds slots gives them back within the lease", async () => {
    const long = await create("lim.conc", "z", 120_000, 3);
    await expect
      .poll(() => ledger().filter((e) => long.includes(e.task) && e.event === "start").length, {
        timeout: 10_000,
      })
      .toBe(3);
    const waiting = await create("lim.conc", "z", 50, 4);
    await sleep(1_000);
    expect((await tasksOf(waiting)).map((r) => r.waiting_on)).toEqual(waiting.map(() => "concurrency"));

    // Held tasks do not spin: CPU of the three processes while they wait.
    const cpu = () =>
      hosts.map(({ child }) => {
        const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return Number(fields[11]) + Number(fields[12]); // utime + stime, clock ticks (1/100 s)
      });
    const before = cpu();
    await sleep(2_000);
    const used = cpu().map((c, i) => (c - before[i]!) / 100 / 2);
    console.log(
      `CPU while 4 tasks wait on a full limit: ${used.map((u) => `${(u * 100).toFixed(1)} %`).join(", ")}`,
    );
    expect(Math.max(...used)).toBeLessThan(0.15);

    const victimPid = ledger().find((e) => long.includes(e.task) && e.event === "start")!.pid;
    const victim = hosts.find((h) => h.child.pid === victimPid)!.child;
    const killedAt = Date.now();
    victim.kill("SIGKILL");
    await expect
      .poll(() => ledger().filter((e) => waiting.includes(e.task) && e.event === "start").length, {
        timeout: LEASE_MS + 3_000,
        interval: 50,
      })
      .toBeGreaterThan(0);
    const firstStart = Math.min(
      ...ledger()
        .filter((e) => waiting.includes(e.task) && e.event === "start")
        .map((e) => e.at),
    );
    console.log(
      `killed -9 holding a slot: the first waiting task started ${firstStart - killedAt} ms later (LEASE_MS ${LEASE_MS})`,
    );
    expect(firstStart - killedAt).toBeLessThanOrEqual(LEASE_MS + 1_000);
    await allDone(waiting, 10_000);
    for (const id of long) await caller.tasks.cancel({ id });
  }, 60_000);
});
