/**
 * The admin UI end to end, in headless Chromium against the real server on the embedded
 * database: an author edits, tests and saves trading-standard; an approver publishes it; the
 * new version evaluates through the API; a retail user cannot see trading. Screenshots of the
 * main screens go to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importJsonRulesEngine } from "../../interop/json-rules-engine/import.js";
import { ApiSession } from "./api-session.js";
import { launchBrowser } from "./browser.js";
import { startServer, type RunningServer } from "./server-process.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const shots = join(root, "test-artifacts", "screenshots");
const samples = join(root, "test", "fixtures", "customers-sample.jsonl");
const conformance = join(root, "test", "conformance", "json-rules-engine-cases.json");
const PASSWORD = "e2e-password-1";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const offline: string[] = [];
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function signIn(username: string): Promise<void> {
  await page.goto(server.baseUrl + "/");
  await page.getByLabel(/user name/i).fill(username);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").filter({ hasText: username }).waitFor();
}

async function signOut(): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

async function openRuleset(name: string): Promise<void> {
  await page.getByTestId(`open-${name}`).click();
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

/** Moves the cursor to the end of the text with the editor focused. */
async function editorEnd(): Promise<void> {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  const admin = await ApiSession.signIn(server.baseUrl, "admin", server.adminPassword);
  const people: Array<[string, Array<{ businessUnit: string; role: string }>]> = [
    ["li.author", [{ businessUnit: "trading", role: "author" }]],
    ["wang.approver", [{ businessUnit: "trading", role: "approver" }]],
    ["sun.tester", [{ businessUnit: "trading", role: "tester" }]],
    ["zhao.retail", [{ businessUnit: "retail", role: "author" }]],
  ];
  for (const [username, memberships] of people) {
    const created = await admin.call("POST", "/users", { username, password: PASSWORD, memberships });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  browser = await launchBrowser();
  context = browser.context;
  // The network cable is cut: anything not served by our own server fails, and is recorded.
  await context.route(
    (url) => !url.toString().startsWith(server.baseUrl),
    (route) => {
      offline.push(route.request().url());
      return route.abort();
    },
  );
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(`${error.message}\n${error.stack ?? ""}`));
  // Confirmations are accepted; a prompt (the test case name) takes its suggested value.
  page.on("dialog", (dialog) => void (dialog.type() === "prompt" ? dialog.accept(dialog.defaultValue()) : dialog.accept()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the admin UI", () => {
  it("signs an author in and lists only the rulesets of their units", async () => {
    await page.goto(server.baseUrl + "/");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await shot("login");
    await signIn("li.author");
    await page.getByTestId("open-trading-standard").waitFor();
    expect(await page.getByTestId("open-retail-abc").count()).toBe(0);
  });

  it("shows a syntax or checking error as a marker with its message, and clears it when fixed", async () => {
    await openRuleset("trading-standard");
    await page.getByTestId("problems").getByText("No problems").waitFor();
    await editorEnd();
    await page.keyboard.type("let broken = unknown_thing + 1", { delay: 5 });
    await page.keyboard.press("Escape");
    const problem = page.getByTestId("problem").filter({ hasText: "unknown_thing" });
    await problem.first().waitFor();
    expect(await problem.first().textContent()).toMatch(/error/);
    await page.locator(".monaco-editor .squiggly-error").first().waitFor();
    // Clicking the problem puts the cursor on it; the hover there shows the marker's message and code.
    await problem.first().click();
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    await page.locator(".monaco-hover").filter({ hasText: "unknown_thing" }).first().waitFor();
    await shot("editor-diagnostic");
    await page.keyboard.press("Escape");
    // Fix it: remove the line again.
    await editorEnd();
    await page.keyboard.press("Shift+Home");
    await page.keyboard.press("Backspace");
    await page.getByTestId("problems").getByText("No problems").waitFor();
    expect(await page.locator(".monaco-editor .squiggly-error").count()).toBe(0);
  });

  it("runs the sample customers against the draft and shows a grade change when a threshold moves", async () => {
    await page.getByTestId("upload-customers").setInputFiles(samples);
    await page.getByTestId("customer-W0001").waitFor();
    expect(await page.locator("tr.changed").count()).toBe(0);
    // Lower the A threshold from 85 to 75 (some uncapped B customers score 75–85): find the
    // text, then type over the selection.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+F");
    await page.keyboard.type("A >= 85");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await page.keyboard.type("A >= 75");
    await page.keyboard.press("Escape");
    await page.locator("tr.changed").first().waitFor();
    const changed = page.locator("tr.changed").first();
    expect(await changed.locator(".grade-cell").textContent()).toMatch(/B → A/);
    await changed.click();
    await page.getByTestId("decision").getByTestId("contribution-chart").waitFor();
    expect(await page.getByTestId("decision").getByTestId("grade").textContent()).toBe("A");
    await page.getByTestId("test-panel").getByText("Score build-up").scrollIntoViewIfNeeded();
    await shot("test-panel-decision");
  });

  it("saves the draft, stores a customer as a test case, and shows the impact on the portfolio", async () => {
    await page.keyboard.press("Control+S");
    await page.getByTestId("saved-revision").filter({ hasText: "Saved revision 1" }).waitFor();
    expect(await page.getByTestId("dirty").count()).toBe(0);
    await page.getByTestId("save-as-test").click();
    await page.getByTestId("stored-tests").locator("li.pass").first().waitFor();
    await page.getByTestId("tab-impact").click();
    await page.getByTestId("migration-matrix").waitFor();
    const bToA = page.getByTestId("cell-B-A");
    expect(Number(await bToA.textContent())).toBeGreaterThan(0);
    await bToA.click();
    await page.getByTestId("cell-customers").waitFor();
    await page.getByTestId("impact").evaluate((el) => el.scrollTo(0, 0));
    await shot("impact");
  });

  it("does not let the author publish their own change", async () => {
    await page.getByTestId("tab-compare").click();
    await page.getByTestId("policy-changes").getByText("A >= 75").waitFor();
    expect(await page.getByTestId("publish").isDisabled()).toBe(true);
    await signOut();
  });

  it("an author imports json-rules-engine rules into a new ruleset and lands in its draft", async () => {
    // One of the shared conformance cases, as the file an application would hand over.
    const cases = JSON.parse(readFileSync(conformance, "utf8")).cases as Array<{ name: string; rules: unknown[]; sharedConditions?: Record<string, unknown> }>;
    const chosen = cases.find((c) => c.name === "shared-conditions")!;
    const file = join(mkdtempSync(join(tmpdir(), "credit-rules-import-")), "honour-roll.json");
    writeFileSync(file, JSON.stringify({ rules: chosen.rules, sharedConditions: chosen.sharedConditions }, null, 2));
    const expected = importJsonRulesEngine({ rules: chosen.rules, sharedConditions: chosen.sharedConditions }, { name: "honour-roll" }).source!;

    await signIn("li.author");
    await page.getByTestId("import-rules").click();
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("import-source").waitFor();
    expect(await page.getByTestId("import-name").inputValue()).toBe("honour-roll");
    expect(await page.getByTestId("import-source").textContent()).toBe(expected);
    await page.getByTestId("import-clean").waitFor();
    // A name already used in the unit is refused before anything is sent.
    await page.getByTestId("import-name").fill("trading-standard");
    await page.getByTestId("import-name-problem").getByText('already has a ruleset "trading-standard"').waitFor();
    expect(await page.getByTestId("import-create").isDisabled()).toBe(true);
    await page.getByTestId("import-name").fill("honour-roll");
    await shot("import-preview");

    await page.getByTestId("import-create").click();
    await page.waitForURL(`${server.baseUrl}/rulesets/trading/honour-roll`);
    await page.locator(".monaco-editor .view-lines").first().waitFor();
    await page.getByTestId("problems").getByText("No problems").waitFor();
    const shown = (await page.locator(".monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
    expect(shown).toContain("ruleset honour-roll");
    expect(shown).toContain(expected.split("\n").find((l) => l.startsWith("input "))!);
    const author = await ApiSession.signIn(server.baseUrl, "li.author", PASSWORD);
    const draft = await author.call<{ source: string; revision: number }>("GET", "/business-units/trading/rulesets/honour-roll/draft");
    expect(draft.body).toMatchObject({ source: expected, revision: 1 });
    await signOut();
  });

  it("a tester cannot edit", async () => {
    await signIn("sun.tester");
    await openRuleset("trading-standard");
    await page.getByText("Read only: your role cannot edit").waitFor();
    expect(await page.getByTestId("save").count()).toBe(0);
    await signOut();
  });

  it("an approver reviews the diff and test results and publishes; the new version evaluates through the API", async () => {
    await signIn("wang.approver");
    await openRuleset("trading-standard");
    await page.getByTestId("tab-compare").click();
    await page.getByTestId("publish-tests").waitFor();
    await page.getByTestId("diff-editor").locator(".monaco-diff-editor").waitFor();
    await shot("publish-review");
    await page.getByTestId("publish").click();
    await page.getByTestId("publish-message").getByText("Published as version 2").waitFor();

    const facts = readFileSync(samples, "utf8").split("\n").find((l) => l.includes('"W0001"'))!;
    const tester = await ApiSession.signIn(server.baseUrl, "sun.tester", PASSWORD);
    const decided = await tester.call<{ grade: string; version: string; score: string }>("POST", "/business-units/trading/rulesets/trading-standard/evaluate", facts);
    expect(decided.status).toBe(200);
    expect(decided.body.version).toBe("2");
    expect(decided.body.score).toBe("85.9");
    const movedUp = readFileSync(samples, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const results = await tester.call<{ records: Array<{ customerId: string; grade: string; score: string | null }> }>(
      "POST",
      "/business-units/trading/rulesets/trading-standard/evaluate",
      `{"customers":[${movedUp.join(",")}]}`,
    );
    const a80 = results.body.records.filter((r) => r.score !== null && Number(r.score) >= 75 && Number(r.score) < 85 && r.grade === "A");
    expect(a80.length).toBeGreaterThan(0);
    await signOut();
  });

  it("a retail user sees retail-abc but not trading, and labels from users show as text", async () => {
    await signIn("zhao.retail");
    await page.getByTestId("open-retail-abc").waitFor();
    expect(await page.getByTestId("open-trading-standard").count()).toBe(0);
    const denied = await page.request.get(`${server.baseUrl}/api/business-units/trading/rulesets/trading-standard`);
    expect(denied.status()).toBe(403);

    await openRuleset("retail-abc");
    await editorEnd();
    await page.keyboard.type('\nwarning XSS_CHECK "<img src=x onerror=window.__pwned=1> ', { delay: 2 });
    // Chinese arrives as composed text, as an input method delivers it.
    await page.keyboard.insertText("中文标签");
    await page.keyboard.type('" info review when true', { delay: 2 });
    await page.keyboard.press("Escape");
    await page.getByTestId("upload-customers").setInputFiles(samples);
    await page.getByTestId("customer-W0001").click();
    const warning = page.getByTestId("decision").getByTestId("warning").filter({ hasText: "XSS_CHECK" });
    await warning.waitFor();
    expect(await warning.textContent()).toContain("<img src=x onerror=window.__pwned=1> 中文标签");
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("switches the interface to Chinese", async () => {
    await page.getByTestId("language").selectOption("zh");
    await page.getByRole("button", { name: "退出" }).waitFor();
    await page.getByTestId("language").selectOption("en");
  });

  it("needed nothing from the network but its own server, and raised no page errors", () => {
    expect(offline).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
