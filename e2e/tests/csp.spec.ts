import { expect, test } from "./fixtures";

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

// Every spec fails on an error in the browser console (fixtures.ts), which is where the browser
// reports a script the policy refused: these add what the other specs do not look at.
test("pages allow scripts by a fresh nonce, and every script tag of the page carries it", async ({
  page,
}) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/", "/tasks", "/api-docs"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(200);
    const policy = res.headers()["content-security-policy"] ?? "";
    const script = directive(policy, "script-src") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(script)?.[1];
    expect(nonce, `${path}: ${policy}`).toBeDefined();
    expect(script).toContain("'strict-dynamic'");
    expect(script, "production: nothing inline without the nonce, no eval").not.toMatch(
      /unsafe-(inline|eval)/,
    );
    nonces.add(nonce!);
    const html = await res.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length, path).toBeGreaterThan(0);
    for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size, "one nonce per response").toBe(4);
});

test("the console hydrates and the API reference loads its script under the policy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/tasks");
  // A client-side navigation works only when React hydrated (its scripts ran).
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // Swagger UI's bundle is loaded by a nonce'd script ('strict-dynamic') and renders the document.
  await page.goto("/api-docs");
  await expect(page.getByTestId("api-reference").locator(".swagger-ui")).toBeVisible({ timeout: 15_000 });
  expect(violations).toEqual([]);
});
