import { join } from "node:path";

/** Where the setup project keeps the signed-in admin's cookies (gitignored). */
export const ADMIN_STATE = join(import.meta.dirname, "../.auth/admin.json");

/** The run's admin, created at web start from ADMIN_EMAIL / ADMIN_PASSWORD (playwright.config.ts). */
export const admin = () => ({
  email: process.env.E2E_ADMIN_EMAIL!,
  password: process.env.E2E_ADMIN_PASSWORD!,
  apiKey: process.env.E2E_ADMIN_API_KEY!,
});
