import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, admin } from "./auth-state";

setup("sign in as the run's admin", async ({ page }) => {
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/sign-in$/); // signed out: every console page sends you here
  await page.getByLabel("Email").fill(admin().email);
  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-role")).toHaveText("admin");
  await page.context().storageState({ path: ADMIN_STATE });
});
