import { randomBytes } from "node:crypto";
import amqp from "amqplib";
import { snapshotBothThemes } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

const RABBITMQ_URL = process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";
const TASK_QUEUE = `task_queue_e2e_${process.env.E2E_RUN_ID}`;
const DEAD_QUEUE = `${TASK_QUEUE}.dead`;
/** A task id no task of the run has: the consumer dead-letters its message as an unknown task. */
const UNKNOWN_TASK = 2_000_000_000;

/** Publishes messages straight to the run's task queue, as a misbehaving sender would. */
async function publishRaw(messages: { body: string; messageId: string }[]) {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    const channel = await connection.createConfirmChannel();
    for (const { body, messageId } of messages) {
      channel.sendToQueue(TASK_QUEUE, Buffer.from(body), { persistent: true, messageId });
    }
    await channel.waitForConfirms();
    // The consumer refuses them within a batch window: wait until they are all dead.
    await expect
      .poll(async () => (await channel.checkQueue(DEAD_QUEUE)).messageCount, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(messages.length);
  } finally {
    await connection.close();
  }
}

test("dead letters are listed, redriven and purged from the console", async ({ page }, testInfo) => {
  const tag = randomBytes(4).toString("hex");
  const junk = `junk-${tag}`;
  const unknown = `unknown-${tag}`;
  const body = `{"not_a_task":"e2e dead letter ${tag}"}`;
  await publishRaw([
    { body, messageId: junk },
    { body: JSON.stringify({ task_id: UNKNOWN_TASK }), messageId: unknown },
  ]);

  await page.goto("/dead-letters");
  await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dead letters" })).toHaveAttribute("aria-current", "page");
  const junkRow = page.getByTestId(`dead-letter-${junk}`);
  const unknownRow = page.getByTestId(`dead-letter-${unknown}`);
  await expect(junkRow).toContainText(body);
  await expect(junkRow).toContainText("rejected");
  await expect(page.getByTestId(`dead-letter-deaths-${junk}`)).toHaveText("1");
  await expect(unknownRow.getByRole("link", { name: `#${UNKNOWN_TASK}` })).toHaveAttribute(
    "href",
    `/tasks/${UNKNOWN_TASK}`,
  );
  await expect(page.getByTestId("dead-letter-depth")).toHaveText("2 dead letters");
  await snapshotBothThemes(page, testInfo, "dead-letters", true);

  // Redriven, the malformed message goes back to the work queue; the consumer refuses it again,
  // so after a refresh it is back with a second death.
  await page.getByRole("checkbox", { name: `Select dead letter ${junk}` }).check();
  await page.getByRole("button", { name: "Redrive selected (1)" }).click();
  await expect(page.getByTestId("notices")).toContainText("Redrove 1 dead letter");
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(page.getByTestId(`dead-letter-deaths-${junk}`)).toHaveText("2", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // Purge asks first, with the count, then the queue is empty.
  await page.getByRole("button", { name: "Purge all" }).click();
  const dialog = page.getByTestId("dead-letter-confirm");
  await expect(dialog.getByTestId("dead-letter-confirm-text")).toHaveText(
    "Delete 2 dead letters for good? This cannot be undone.",
  );
  await dialog.getByRole("button", { name: "Purge 2 dead letters" }).click();
  await expect(page.getByTestId("notices")).toContainText("Purged 2 dead letters");
  await expect(page.getByTestId("dead-letters-empty")).toBeVisible();
});

test("a viewer reads dead letters but has no redrive or purge controls", async ({ browser, api }) => {
  const tag = randomBytes(4).toString("hex");
  const key = `viewer-${tag}`;
  await publishRaw([{ body: `viewer junk ${tag}`, messageId: key }]);
  const email = `e2e-dlq-viewer-${tag}@example.com`;
  await api.createUser(email, USER_PASSWORD, "viewer");
  const page = await signInAs(browser, email);
  await expect(page.getByTestId("current-role")).toHaveText("viewer");

  await page.getByRole("link", { name: "Dead letters" }).click();
  await expect(page.getByTestId(`dead-letter-${key}`)).toContainText(`viewer junk ${tag}`);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  for (const name of ["Redrive all", "Purge all"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await page.context().close();
  // Leave the queue empty for whatever runs next.
  await api.client.deadLetters.purge.mutate({ all: true });
});
