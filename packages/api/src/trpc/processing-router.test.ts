import { inMemoryPorts } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import type { Role } from "../access";
import { createCaller } from "./app-router";
import { as } from "./test-principal";

function callers() {
  const ports = inMemoryPorts();
  const caller = (role: Role | null) => createCaller({ ...ports, principal: role ? as(role) : null });
  return { ports, caller };
}

describe("processing.*", () => {
  it("lets every role read the switch, and only an admin pause and resume it", async () => {
    const { caller } = callers();
    await expect(caller("viewer").processing.status()).resolves.toMatchObject({ paused: false });
    for (const role of ["viewer", "operator"] as const) {
      await expect(caller(role).processing.pause({})).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: `processing.pause needs the admin role; ${role}@x is ${role}`,
      });
      await expect(caller(role).processing.resume()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(caller(null).processing.status()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await caller("operator").processing.status()).toMatchObject({ paused: false });
  });

  it("records who paused, why and when; resumes; both are audited", async () => {
    const { caller, ports } = callers();
    const admin = caller("admin");
    const paused = await admin.processing.pause({ reason: "database upgrade" });
    expect(paused).toMatchObject({ paused: true, by: "admin@x", reason: "database upgrade" });
    expect(await caller("viewer").processing.status()).toEqual(paused);
    expect(await admin.processing.pause()).toEqual(paused); // idempotent, input optional
    expect(await admin.processing.resume()).toMatchObject({ paused: false, by: "admin@x", reason: null });
    await expect(caller("viewer").processing.pause({})).rejects.toThrow();
    expect(ports.audit.entries.map(({ procedure, target, outcome }) => [procedure, target, outcome])).toEqual(
      [
        ["processing.pause", 'reason="database upgrade"', "accepted"],
        ["processing.pause", null, "accepted"],
        ["processing.resume", null, "accepted"],
        ["processing.pause", null, "FORBIDDEN"],
      ],
    );
  });

  it("refuses an over-long reason with BAD_REQUEST", async () => {
    const { caller } = callers();
    await expect(caller("admin").processing.pause({ reason: "x".repeat(201) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("a storage outage is SERVICE_UNAVAILABLE, not a 500", async () => {
    const { caller, ports } = callers();
    ports.processing.failing = true;
    await expect(caller("admin").processing.status()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "database is unavailable, try again shortly",
    });
  });
});
