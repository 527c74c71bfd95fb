import { randomBytes } from "node:crypto";
import { type AppRouter, createTasksClient, TRPCClientError } from "@tps/api/client";
import { cancelButton, mutateFromPage, openTasks, rowWithPayload, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

/**
 * Creates `payload` behind 150 other tasks: with 50 in flight and 2.5 s of work it stays PENDING
 * for several seconds, long enough to act on it from the page. The fixture cancels the rest after.
 */
async function createQueued(api: { create(payloads: string[]): Promise<number[]> }, payload: string) {
  const ids = await api.create([...Array.from({ length: 150 }, (_, i) => `${payload}-filler-${i}`), payload]);
  return ids.at(-1)!;
}
const newEmail = (role: string) => `e2e-${role}-${randomBytes(3).toString("hex")}@example.com`;

test("a viewer sees no cancel button or create form, and is refused when forcing the call", async ({
  browser,
  api,
}) => {
  const email = newEmail("viewer");
  await api.createUser(email, USER_PASSWORD, "viewer");
  const page = await signInAs(browser, email);
  await expect(page.getByTestId("current-role")).toHaveText("viewer");
  const payload = uniquePayload("viewer");
  const id = await createQueued(api, payload);
  await openTasks(page, `?q=${payload}`);
  await expect(rowWithPayload(page, payload)).toHaveCount(1);
  await expect(page.getByTestId(`task-status-${id}`)).toHaveText("PENDING");
  await expect(cancelButton(page, id)).toHaveCount(0);
  await expect(page.getByTestId(`select-task-${id}`)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create task" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);

  const forced = await mutateFromPage(page, "tasks.cancel", { id });
  expect(forced.status).toBe(403);
  expect(forced.body).toContain("needs the operator role");
  await page.context().close();
});

test("an operator cancels a task and its timeline names them", async ({ browser, api }) => {
  const email = newEmail("operator");
  await api.createUser(email, USER_PASSWORD, "operator");
  const page = await signInAs(browser, email);
  const id = await createQueued(api, uniquePayload("operator"));
  await page.goto(`/tasks/${id}`);
  await page.getByRole("button", { name: `Cancel task ${id}` }).click();
  await expect(page.getByTestId("detail-status")).toHaveText("CANCELED");
  await expect(page.getByTestId("timeline-step").last()).toContainText(`Cancelled by ${email}`);
  await page.context().close();
});

test("an admin creates an API key, the typed client works with it, and a revoked key is refused", async ({
  page,
  baseURL,
}) => {
  await page.goto("/admin/api-keys");
  const name = `e2e-${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Name (which service uses it)").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!;
  expect(key).toMatch(/^tps_/);

  const client = createTasksClient(`${baseURL}/api/trpc`, { apiKey: key });
  const task = await client.tasks.create.mutate({ payload: uniquePayload("typed-client") });
  expect((await client.tasks.get.query({ id: task.id })).id).toBe(task.id);
  expect(await client.session.me.query()).toMatchObject({ name: `key:${name}`, role: "operator" });
  await client.tasks.cancel.mutate({ id: task.id });

  await page.getByTestId(`key-${name}`).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId(`key-${name}`)).toContainText("Revoked");
  const refused = await client.tasks.list.query({}).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(TRPCClientError);
  expect((refused as TRPCClientError<AppRouter>).data?.httpStatus).toBe(401);
});

test("a cross-site POST with the session cookie is refused", async ({ page }) => {
  await page.goto("/tasks");
  const crossSite = await page.request.post("/api/trpc/tasks.create", {
    data: { payload: "from another site" },
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain("cross-site");
  const sameSite = await page.request.post("/api/trpc/tasks.create", {
    data: { payload: uniquePayload("same-origin") },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(sameSite.status()).toBe(200);
});
