import { randomBytes } from "node:crypto";
import { admin } from "./auth-state";
import { openDashboard, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

const CONSUMER_HEALTH = `http://127.0.0.1:${process.env.E2E_CONSUMER_PORT || 9565}/health`;

// The e2e database is shared by every spec: whatever happens here, processing runs again afterwards.
test.afterEach(async ({ api }) => {
  await api.client.processing.resume.mutate();
});

test("an admin pauses processing from the dashboard: new tasks wait until resumed", async ({
  page,
  api,
}, testInfo) => {
  await openDashboard(page);
  await expect(page.getByTestId("processing-state")).toHaveText("Processing running");
  await expect(page.getByTestId("processing-banner")).toHaveCount(0);

  // Pausing asks first; keeping it running changes nothing.
  await page.getByRole("button", { name: "Pause processing" }).click();
  const dialog = page.getByTestId("pause-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Keep running" }).click();
  await expect(dialog).toBeHidden();
  expect((await api.client.processing.status.query()).paused).toBe(false);

  await page.getByRole("button", { name: "Pause processing" }).click();
  await dialog.getByLabel(/Reason/).fill("e2e maintenance");
  await dialog.getByRole("button", { name: "Pause processing" }).click();
  const banner = page.getByTestId("processing-banner");
  await expect(banner).toContainText(`Processing paused by ${admin().email}`);
  await expect(banner).toContainText("e2e maintenance");
  await expect(page.getByTestId("processing-state")).toHaveText("Processing paused");

  // The consumer reads the switch twice a second; its /health says when it has stopped claiming.
  await expect
    .poll(async () => (await (await fetch(CONSUMER_HEALTH)).json()).processing?.paused, { timeout: 2_000 })
    .toBe(true);
  const [id] = await api.create([uniquePayload("paused")]);
  const since = Date.now();
  // It stays PENDING for at least 3 s: checked every quarter second over that time.
  while (Date.now() - since < 3_000) {
    expect((await api.get(id!)).status).toBe("PENDING");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The banner is on every console page.
  await page.getByRole("link", { name: "Tasks" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(banner).toContainText(`Processing paused by ${admin().email}`);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("processing-state")).toHaveText("Processing paused");
  await snapshotBothThemes(page, testInfo, "paused", true);

  await page.getByRole("button", { name: "Resume processing" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("processing-state")).toHaveText("Processing running");
  await expect.poll(async () => (await api.get(id!)).status, { timeout: 20_000 }).toBe("COMPLETED");
});

test("a viewer sees that processing is paused, but no button", async ({ browser, api }) => {
  const email = `e2e-viewer-${randomBytes(3).toString("hex")}@example.com`;
  await api.createUser(email, USER_PASSWORD, "viewer");
  await api.client.processing.pause.mutate({ reason: "viewer check" });
  const page = await signInAs(browser, email);
  try {
    // Paused through the API with the admin key: the banner names the key.
    await expect(page.getByTestId("processing-banner")).toContainText(
      "Processing paused by key:admin-bootstrap",
    );
    await expect(page.getByTestId("processing-banner")).toContainText("viewer check");
    await expect(page.getByTestId("processing-state")).toHaveText("Processing paused");
    await expect(page.getByRole("button", { name: /Resume processing|Pause processing/ })).toHaveCount(0);
  } finally {
    await page.context().close();
  }
});
