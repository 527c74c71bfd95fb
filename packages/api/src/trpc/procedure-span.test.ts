import { SpanStatusCode } from "@opentelemetry/api";
import { inMemoryPorts } from "@tps/core/testing";
import { startTestTelemetry } from "@tps/infra/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "./app-router";
import { type RequestNote, requestScope } from "./request-scope";
import type { ApiContext } from "./trpc";

describe("procedure spans", () => {
  const telemetry = startTestTelemetry();
  afterAll(() => telemetry.shutdown());
  const context: ApiContext = {
    ...inMemoryPorts(),
    principal: { id: "u1", name: "ci-bot", role: "operator", via: "apiKey", userId: "u0" },
  };

  it("traces each call with its task id, marks failures, and tells the request note who called", async () => {
    const caller = createCaller(context);
    const note: RequestNote = { procedures: [] };
    const task = await requestScope.run(note, () => caller.tasks.create({ payload: "x" }));
    await expect(caller.tasks.get({ id: 999 })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(note).toEqual({ procedures: ["tasks.create"], principal: "ci-bot" });
    const [create, get] = telemetry.spans().filter((s) => s.name.startsWith("tasks."));
    expect(create).toMatchObject({
      name: "tasks.create",
      attributes: expect.objectContaining({
        "rpc.system": "trpc",
        "tps.task.id": task.id,
        "enduser.id": "ci-bot",
      }),
      status: { code: SpanStatusCode.UNSET },
    });
    expect(get).toMatchObject({
      name: "tasks.get",
      attributes: expect.objectContaining({ "rpc.response.status_code": "NOT_FOUND" }),
      status: { code: SpanStatusCode.ERROR, message: "task 999 not found" },
    });
  });
});
