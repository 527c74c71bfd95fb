import { describe, expect, it } from "vitest";
import { admitted, createAdmission } from "./admission";

const busy = () => new Response("busy", { status: 503 });

describe("admission", () => {
  it("admits up to max at once, answers the rest busy at once, and frees places when requests end", async () => {
    let shed = 0;
    const admission = createAdmission(2, () => shed++);
    const gates: (() => void)[] = [];
    const slow = () =>
      admitted(
        admission,
        () => new Promise<Response>((resolve) => gates.push(() => resolve(new Response("ok")))),
        busy,
      );
    const first = slow();
    const second = slow();
    expect(admission.inFlight).toBe(2);
    expect((await slow()).status).toBe(503);
    expect(shed).toBe(1);

    for (const open of gates.splice(0)) open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(admission.inFlight).toBe(0);
    const third = slow();
    expect(admission.inFlight).toBe(1);
    gates.shift()!();
    expect((await third).status).toBe(200);
  });

  it("frees the place when the handler throws", async () => {
    const admission = createAdmission(1);
    await expect(admitted(admission, () => Promise.reject(new Error("boom")), busy)).rejects.toThrow("boom");
    expect(admission.inFlight).toBe(0);
  });

  it("admits everything with max 0", async () => {
    const admission = createAdmission(0);
    for (let i = 0; i < 1_000; i++) expect(admission.enter()).toBe(true);
  });
});
