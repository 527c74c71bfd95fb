import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { weakKeyReason } from "./key-strength";

describe("ADMIN_API_KEY strength", () => {
  it("accepts generated keys", () => {
    for (let i = 0; i < 50; i++) {
      expect(weakKeyReason(randomBytes(32).toString("hex"))).toBeNull();
      expect(weakKeyReason(randomBytes(24).toString("base64url"))).toBeNull();
      expect(weakKeyReason(`tps_${randomBytes(24).toString("hex")}`)).toBeNull();
    }
  });

  it("accepts generated keys whose characters happen to repeat (1 in 5,000 base64url keys was refused)", () => {
    expect(weakKeyReason("ENTTYwjZTwpVBzebwwQlQTbXgzm2wzzz")).toBeNull();
    expect(weakKeyReason("fs7FA99s9ijV9a9IfBDMQbEbIffAsfgU")).toBeNull();
  });

  it("refuses short, repeated, low-variety and guessable keys", () => {
    expect(weakKeyReason("short")).toMatch(/32 characters/);
    expect(weakKeyReason("changeme".repeat(4))).toMatch(/repeat/);
    expect(weakKeyReason("0123456789abcdef".repeat(2))).toMatch(/repeat/);
    expect(weakKeyReason("a".repeat(40))).toMatch(/repeat/);
    expect(weakKeyReason("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")).toMatch(/different characters/);
    expect(weakKeyReason("abcdefghijkllkjihgfedcbaabcdefgh")).toMatch(/guessable/);
  });
});
