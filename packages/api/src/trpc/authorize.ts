import { TRPCError } from "@trpc/server";
import { hasRole, minimumRole, type Principal, SESSION_ONLY } from "../access";

/** Why `principal` may not call `path`, or null when it may. */
export function refusal(principal: Principal | null, path: string): TRPCError | null {
  const min = minimumRole(path);
  if (!min) return new TRPCError({ code: "FORBIDDEN", message: `${path} is not open to anyone` });
  if (!principal) {
    return new TRPCError({
      code: "UNAUTHORIZED",
      message: "not signed in: sign in to the console, or send an API key as 'Authorization: Bearer <key>'",
    });
  }
  if (!hasRole(principal.role, min)) {
    return new TRPCError({
      code: "FORBIDDEN",
      message: `${path} needs the ${min} role; ${principal.name} is ${principal.role}`,
    });
  }
  if (principal.via === "apiKey" && SESSION_ONLY.has(path)) {
    return new TRPCError({
      code: "FORBIDDEN",
      message: `${path} needs a signed-in admin: API keys cannot manage users or keys`,
    });
  }
  return null;
}

const MAX_TARGET = 500;

/**
 * What a mutation was about, for the audit log: ids, a filter, counts, user or key fields; never
 * payloads or passwords. Reads the raw input defensively (it may be anything a client sent).
 */
export function summarizeInput(raw: unknown): string | null {
  if (!raw || typeof raw !== "object") return null;
  const input = raw as Record<string, unknown>;
  const parts: string[] = [];
  const pick = (key: string) => {
    const value = input[key];
    if (value === undefined) return;
    parts.push(`${key}=${JSON.stringify(value)}`);
  };
  pick("id");
  if (Array.isArray(input.ids)) {
    const ids = input.ids.slice(0, 20).join(",");
    parts.push(`ids=${ids}${input.ids.length > 20 ? ` (+${input.ids.length - 20})` : ""}`);
  }
  if (Array.isArray(input.keys)) {
    parts.push(
      `keys=${input.keys.slice(0, 10).join(",")}${input.keys.length > 10 ? ` (+${input.keys.length - 10})` : ""}`,
    );
  }
  if (Array.isArray(input.payloads)) parts.push(`payloads=${input.payloads.length}`);
  if (input.payload !== undefined) parts.push("payloads=1");
  for (const key of [
    "filter",
    "expectedCount",
    "email",
    "name",
    "role",
    "disabled",
    "expiresAt",
    "reason",
    "all",
    "cron",
  ])
    pick(key);
  // PostgreSQL text cannot hold U+0000: a NUL a caller sent must not make the audit row unwritable
  // (which refuses the call).
  const text = parts.join(" ").replaceAll("\u0000", "\uFFFD");
  return text ? text.slice(0, MAX_TARGET) : null;
}
