import { describe, expect, it } from "vitest";
import { storableText } from "./storable-text";

describe("storableText", () => {
  it("replaces U+0000 and lone surrogates, and keeps valid pairs and ordinary text", () => {
    expect(storableText("a\u0000b")).toBe("a\ufffdb");
    expect(storableText("hi \ud800 lo \udc00 end\ud83d")).toBe("hi \ufffd lo \ufffd end\ufffd");
    expect(storableText("emoji 😀 ok")).toBe("emoji 😀 ok");
  });
});
