import { test as base, expect } from "@playwright/test";
import { admin } from "./auth-state";
import { TasksApi } from "./tasks-api";

/**
 * Every test gets `api` (the tRPC API over the page's base URL) and two automatic checks:
 * no errors in the browser console, and, afterwards, no task left pending or running, so the next
 * test starts from a quiet system (tests read exact counts and timings).
 */
export const test = base.extend<{ api: TasksApi; quietAfter: undefined; consoleErrors: string[] }>({
  // Calls with the run's admin API key (a Bearer key: no cookie, so no same-origin check).
  api: async ({ baseURL }, use) => {
    await use(new TasksApi(baseURL!, admin().apiKey));
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        // Failed requests are logged by the browser itself; the tests assert how the page handles them.
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
          errors.push(message.text());
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
  quietAfter: [
    async ({ api }, use) => {
      await use(undefined);
      await api.cancelEverything();
    },
    { auto: true },
  ],
});

export { expect };
