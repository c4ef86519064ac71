// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "../api/types.js";
import { I18nProvider } from "../i18n/i18n.js";
import type { Locale } from "../i18n/messages.js";
import { ImportPage } from "./ImportPage.js";

type Handler = (method: string, url: string, body: string | undefined) => { status: number; body: unknown };

function serve(handler: Handler) {
  const calls: Array<{ method: string; url: string; body: string | undefined }> = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const call = { method: init.method ?? "GET", url, body: init.body as string | undefined };
      calls.push(call);
      const answer = handler(call.method, url, call.body);
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }),
  );
  return calls;
}

const listing: Handler = (method, url) =>
  method === "GET" && url === "/api/rulesets"
    ? { status: 200, body: [{ businessUnit: "retail", name: "retail-abc", label: null, publishedVersion: 1, hasDraft: false }] }
    : { status: 404, body: { error: { code: "not_found", message: "no" } } };

const author: User = { username: "ada", memberships: [{ businessUnit: "retail", role: "author" }, { businessUnit: "trading", role: "tester" }] };
const IMPORT = "/api/business-units/retail/imports/json-rules-engine";

// The number has more digits than a float holds: it must reach the server as written.
const rulesText = `[{"name":"big order","conditions":{"all":[{"fact":"amount","operator":"greaterThan","value":6400000.00000000000008}]},"event":{"type":"review"}}]`;

function show(user: User = author, locale: Locale = "en") {
  return render(
    <I18nProvider locale={locale}>
      <ImportPage user={user} />
    </I18nProvider>,
  );
}

function pickFile(name: string, text: string) {
  fireEvent.change(screen.getByTestId("import-file"), { target: { files: [new File([text], name, { type: "application/json" })] } });
}

beforeEach(() => window.history.replaceState(null, "", "/import"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("ImportPage", () => {
  it("converts a picked file for review, suggests a name, and creates the ruleset with the file's exact numbers", async () => {
    const calls = serve((method, url, body) =>
      method === "POST" && url === IMPORT ? { status: 201, body: { businessUnit: "retail", name: "big-orders", draft: { revision: 1 } } } : listing(method, url, body),
    );
    show();
    expect((screen.getByTestId("import-unit") as HTMLSelectElement).value).toBe("retail");
    expect(screen.getByTestId("import-create")).toHaveProperty("disabled", true);
    pickFile("Big Orders.json", rulesText);
    const source = await screen.findByTestId("import-source");
    expect(source.textContent).toContain("ruleset big-orders\n");
    expect(source.textContent).toContain("amount > 6400000.00000000000008");
    expect(screen.getByTestId("import-clean")).toBeTruthy();
    expect((screen.getByTestId("import-name") as HTMLInputElement).value).toBe("big-orders");
    // Nothing has been created while reviewing.
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    fireEvent.click(screen.getByTestId("import-create"));
    await waitFor(() => expect(window.location.pathname).toBe("/rulesets/retail/big-orders"));
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.url).toBe(IMPORT);
    expect(post.body).toBe(`{"name":"big-orders","rules":${rulesText}}`);
  });

  it("shows the importer's report and creates nothing for rules it cannot represent", async () => {
    const calls = serve(listing);
    show();
    pickFile("custom.json", `[{"conditions":{"all":[{"fact":"age","operator":"isAdult","value":true}]},"event":{"type":"e"}}]`);
    const report = await screen.findByTestId("import-report");
    expect([...report.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      'custom.json: rules[0].conditions.all[0].operator: operator "isAdult": "isAdult" is not a json-rules-engine built-in operator (a custom operator is defined in code, so its meaning is not in the rules file)',
      "custom.json: not imported: 1 part cannot be represented",
    ]);
    expect(screen.getByText("This file cannot be imported; nothing will be created.")).toBeTruthy();
    expect(screen.queryByTestId("import-source")).toBeNull();
    expect(screen.getByTestId("import-create")).toHaveProperty("disabled", true);
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("takes pasted rules, and names text that is not JSON as pasted", async () => {
    serve(listing);
    show();
    fireEvent.change(screen.getByTestId("import-paste"), { target: { value: '{"rules": [' } });
    const report = await screen.findByTestId("import-report");
    expect(report.textContent).toMatch(/^pasted text: .*position/);
    fireEvent.change(screen.getByTestId("import-paste"), { target: { value: rulesText } });
    fireEvent.change(screen.getByTestId("import-name"), { target: { value: "pasted-rules" } });
    expect((await screen.findByTestId("import-source")).textContent).toContain("ruleset pasted-rules\n");
    expect(screen.getByTestId("import-create")).toHaveProperty("disabled", false);
  });

  it("refuses a name that is taken in the unit or that the ruleset's text cannot spell", async () => {
    serve(listing);
    show();
    fireEvent.change(screen.getByTestId("import-paste"), { target: { value: rulesText } });
    await screen.findByTestId("import-source");
    const cases: Array<[string, string]> = [
      ["retail-abc", 'Business unit retail already has a ruleset "retail-abc".'],
      ["Big Orders", 'Use 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit.'],
      ["orders-2024", 'must not be a word of the language such as "rule" or "not"'],
      ["", "Enter a name for the new ruleset."],
    ];
    for (const [name, message] of cases) {
      fireEvent.change(screen.getByTestId("import-name"), { target: { value: name } });
      await waitFor(() => expect(screen.getByTestId("import-name-problem").textContent).toContain(message));
      expect(screen.getByTestId("import-create")).toHaveProperty("disabled", true);
    }
  });

  it("shows the server's refusal line by line, and stays on the page", async () => {
    serve((method, url, body) =>
      method === "POST"
        ? { status: 422, body: { error: { code: "import_refused", message: "the rules: not imported: 1 part cannot be represented", issues: [{ where: "rules[0]", message: "a rule must be an object with conditions and event" }] } } }
        : listing(method, url, body),
    );
    show();
    pickFile("r.json", rulesText);
    await screen.findByTestId("import-source");
    fireEvent.click(screen.getByTestId("import-create"));
    const error = await screen.findByTestId("import-error");
    expect([...error.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "r.json: rules[0]: a rule must be an object with conditions and event",
      "r.json: not imported: 1 part cannot be represented",
    ]);
    expect(window.location.pathname).toBe("/import");
  });

  it("offers only units where the user may author, in Chinese too", async () => {
    serve(listing);
    show({ username: "tim", memberships: [{ businessUnit: "retail", role: "tester" }] }, "zh");
    expect(screen.getByText("导入需要某个事业部的作者(author)角色。")).toBeTruthy();
    expect(screen.queryByTestId("import-file")).toBeNull();
    cleanup();
    show(author, "zh");
    expect([...(screen.getByTestId("import-unit") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["retail"]);
    expect(screen.getByText("以此草稿创建规则集")).toBeTruthy();
  });
});
