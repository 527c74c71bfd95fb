import type { ProcedurePath } from "@tps/api";

/** Well-formed inputs per procedure (the fuzz test replaces one or two fields of each). */
export const BASE: Partial<Record<ProcedurePath, Record<string, unknown>>> = {
  "tasks.get": { id: 1 },
  "tasks.events": { id: 1 },
  "tasks.list": { filter: {}, sort: "created", limit: 10 },
  "tasks.stats": { filter: {} },
  "tasks.create": { payload: "p" },
  "tasks.createMany": { payloads: ["a", "b"] },
  "tasks.cancel": { id: 1 },
  "tasks.cancelMany": { ids: [1, 2] },
  "tasks.retry": { id: 3 },
  "tasks.retryMany": { ids: [3] },
  "tasks.cancelMatching": { filter: { search: "fuzz" }, chunk: 10, expectedCount: 3 },
  "tasks.retryMatching": { filter: { search: "fuzz" }, chunk: 10, expectedCount: 3 },
  "users.create": { email: "fuzz@example.com", password: "a long password", role: "viewer" },
  "users.update": { id: "x", role: "viewer" },
  "apiKeys.create": { name: "fuzz", role: "viewer" },
  "apiKeys.revoke": { id: "x" },
  "audit.list": { limit: 10 },
  "processing.pause": { reason: "fuzz" },
  "deadLetters.list": { limit: 10 },
  "deadLetters.redrive": { keys: ["fuzz"] },
  "deadLetters.purge": { keys: ["fuzz"] },
};

/** A cursor as the server encodes them (base64url JSON), holding whatever a forger put in it. */
const forgedCursor = (position: unknown) => Buffer.from(JSON.stringify(position)).toString("base64url");

/**
 * Inputs that once answered 500 (issue 20): forged cursors, dates PostgreSQL cannot store, a key
 * expiring past what the auth library accepts, an audit cursor past int8. Each must be a 400.
 */
export const CRAFTED: [ProcedurePath, Record<string, unknown>][] = [
  ["tasks.list", { cursor: forgedCursor({ id: 5, finishedAt: "0000-01-01T00:00:00Z" }), sort: "finished" }],
  [
    "tasks.list",
    { cursor: forgedCursor({ id: 5, finishedAt: "+275760-09-13T00:00:00.000Z" }), sort: "finished" },
  ],
  ["tasks.list", { cursor: forgedCursor({ id: 5, finishedAt: 12 }), sort: "finished" }],
  ["tasks.list", { cursor: forgedCursor(null) }],
  ["tasks.list", { filter: { createdFrom: "0000-01-01T00:00:00Z" } }],
  ["tasks.stats", { filter: { createdTo: "0000-12-31T23:59:59+00:00" } }],
  ["tasks.cancelMatching", { filter: { createdFrom: "0000-06-01T00:00:00Z" }, expectedCount: 1 }],
  ["apiKeys.create", { name: "far", role: "viewer", expiresAt: "9999-12-31T00:00:00Z" }],
  ["audit.list", { before: "9999999999999999999" }],
  ["audit.list", { from: "0000-01-01T00:00:00Z" }],
];
