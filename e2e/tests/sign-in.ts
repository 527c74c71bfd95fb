import type { Browser, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The password of the users the specs create (viewers, operators) to check what each role sees. */
export const USER_PASSWORD = "e2e password long enough";

/** A fresh browser context (no admin cookies), signed in as `email` through the sign-in page. */
export async function signInAs(browser: Browser, email: string, password = USER_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(email);
  return page;
}
