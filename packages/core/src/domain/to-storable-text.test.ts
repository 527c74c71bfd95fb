import { describe, expect, it } from "vitest";
import { toStorableText } from "./text";

describe("toStorableText", () => {
  it("replaces U+0000 and lone surrogates, and keeps valid pairs and ordinary text", () => {
    expect(toStorableText("a\u0000b")).toBe("a\ufffdb");
    expect(toStorableText("hi \ud800 lo \udc00 end\ud83d")).toBe("hi \ufffd lo \ufffd end\ufffd");
    expect(toStorableText("emoji 😀 ok")).toBe("emoji 😀 ok");
  });
});
