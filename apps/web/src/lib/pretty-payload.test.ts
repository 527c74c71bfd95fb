import { describe, expect, it } from "vitest";
import { prettyPayload } from "./pretty-payload";

describe("prettyPayload", () => {
  it("indents JSON objects and arrays", () => {
    expect(prettyPayload('{"a":1,"b":[true,null]}')).toEqual({
      text: '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}',
      json: true,
    });
    expect(prettyPayload(" [1,2] ")).toEqual({ text: "[\n  1,\n  2\n]", json: true });
  });

  it.each(["resize image 42", "  two  spaces\n\tand a tab ", "{not json", "42", '"a string"', ""])(
    "leaves %j as it is",
    (payload) => {
      expect(prettyPayload(payload)).toEqual({ text: payload, json: false });
    },
  );
});
