import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { USER_PASSWORD } from "./sign-in";

test("an admin gives a service key its own creates limit, and the keys table shows it", async ({ page }) => {
  await page.goto("/admin/api-keys");
  const name = `e2e-fast-${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Name (which service uses it)").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByLabel("Creates per second (optional)").fill("1000");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^tps_/);
  await expect(page.getByTestId(`key-${name}`)).toContainText("1,000/s");
});

test("sign-in through Next: five failures lock the account (429 + Retry-After), even for the right password", async ({
  page,
  api,
}) => {
  const email = `e2e-locked-${randomBytes(3).toString("hex")}@example.com`;
  await api.createUser(email, USER_PASSWORD, "viewer");
  await page.goto("/tasks");
  const origin = new URL(page.url()).origin;
  /** One sign-in attempt; waits out better-auth's own per-process limit (3 per 10 s) when it answers. */
  const signIn = async (password: string) => {
    for (;;) {
      const response = await page.request.post("/api/auth/sign-in/email", {
        data: { email, password },
        headers: { origin },
      });
      if (response.status() !== 429 || (await response.text()).includes("failed sign-ins")) return response;
      expect(response.headers()["retry-after"]).toMatch(/^\d+$/);
      await page.waitForTimeout(Number(response.headers()["retry-after"]) * 1000);
    }
  };
  for (let i = 0; i < 5; i++) expect((await signIn(`wrong password ${i}`)).status()).toBe(401);
  const locked = await signIn(USER_PASSWORD);
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(60);
});
