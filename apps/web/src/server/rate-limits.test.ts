import { describe, expect, it } from "vitest";
import { roleLimitsOf } from "./rate-limits";

describe("rate limits from the environment", () => {
  it("sets every role's creates from RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST, then RATE_LIMITS over them", () => {
    const { roles, refusals } = roleLimitsOf({
      perSecond: 50,
      burst: 200,
      rateLimits: '{"operator":{"creates":{"perSecond":1000}},"refused":{"points":10,"seconds":60}}',
    });
    expect(roles?.viewer?.creates).toEqual({ perSecond: 50, burst: 200 });
    expect(roles?.operator?.creates).toEqual({ perSecond: 1000, burst: 4000 });
    expect(refusals).toEqual({ points: 10, seconds: 60 });
  });

  it("lifts creates, bulk and calls limits with RATE_LIMIT_PER_SECOND=0, not streams", () => {
    const { roles } = roleLimitsOf({ perSecond: 0, burst: 200 });
    expect(roles?.admin).toEqual({ creates: null, bulk: null, calls: null });
  });
});
