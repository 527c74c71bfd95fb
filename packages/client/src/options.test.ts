import { describe, expect, it } from "vitest";
import { headersOf } from "./options";

describe("headersOf", () => {
  it("sends the API key as a bearer token, after the caller's headers", () => {
    expect(headersOf({ apiKey: "k1", headers: { "x-trace": "t", authorization: "old" } })).toEqual({
      "x-trace": "t",
      authorization: "Bearer k1",
    });
  });

  it("calls a header function for every request", () => {
    let n = 0;
    const options = { headers: () => ({ "x-request": String(++n) }) };
    expect(headersOf(options)).toEqual({ "x-request": "1" });
    expect(headersOf(options)).toEqual({ "x-request": "2" });
    expect(headersOf({})).toEqual({});
  });
});
