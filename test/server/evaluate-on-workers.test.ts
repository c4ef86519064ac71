// The evaluate endpoint with every body past the inline size (1 byte): each request is parsed,
// decided and written on an evaluation worker. The same suite as evaluate.test.ts, plus the
// answers of both paths compared.
import { describe, expect, it } from "vitest";
import { admin, customers, evaluateSuite, paths, server } from "./evaluate-suite.js";

evaluateSuite({ inlineBodyBytes: 1 });

/** The same request decided on the request thread and on a worker. */
async function bothWays(path: string, body: string, headers: Record<string, string> = {}) {
  const limits = server.services.limits;
  const saved = limits.inlineBodyBytes;
  try {
    limits.inlineBodyBytes = 1 << 30;
    const inline = await admin.request("POST", path, body, headers);
    limits.inlineBodyBytes = 1;
    const worker = await admin.request("POST", path, body, headers);
    return { inline, worker };
  } finally {
    limits.inlineBodyBytes = saved;
  }
}

const withoutIds = (text: string) => text.replace(/,"decisionId":"[0-9a-f-]{36}"/g, "");

describe("large bodies on the evaluation workers", () => {
  it("start the workers", async () => {
    const reply = await admin.request("POST", `${paths.trading}/evaluate`, `{"customers":[${customers.slice(0, 5).join(",")}]}`);
    expect(reply.status, reply.text).toBe(200);
    expect(server.services.evaluationPool.size).toBeGreaterThan(0);
  });

  it("answer byte for byte what the request thread answers, decision ids aside", async () => {
    const batch = `{"customers":[${customers.join(",")}]}`;
    for (const [path, headers] of [
      [`${paths.trading}/evaluate`, {}],
      [`${paths.retail}/evaluate?explain=1`, {}],
      [`${paths.trading}/evaluate?version=1`, { Accept: "application/x-ndjson" }],
      [`${paths.trading}/evaluate`, {}, customers[3]],
    ] as const) {
      const { inline, worker } = await bothWays(path, batch, headers);
      expect(worker.status).toBe(inline.status);
      expect(worker.headers.get("content-type")).toBe(inline.headers.get("content-type"));
      expect(withoutIds(worker.text)).toBe(withoutIds(inline.text));
      expect(worker.text).toMatch(/"decisionId":"[0-9a-f-]{36}"/);
    }
    const single = await bothWays(`${paths.trading}/evaluate`, customers[3]);
    expect(withoutIds(single.worker.text)).toBe(withoutIds(single.inline.text));
    const bad = JSON.parse(customers[3]);
    delete bad.total_assets;
    const refused = await bothWays(`${paths.trading}/evaluate`, JSON.stringify(bad));
    expect(refused.worker.status).toBe(400);
    expect(withoutIds(refused.worker.text)).toBe(withoutIds(refused.inline.text));
  });

  it("refuse what the request thread refuses, with the same error", async () => {
    for (const body of ["{not json", "[1,2]", '{"customers":"x"}', "  "]) {
      const { inline, worker } = await bothWays(`${paths.trading}/evaluate`, body);
      expect(worker.status, body).toBe(inline.status);
      expect(worker.body, body).toEqual(inline.body);
    }
  });

  it("log every decision of a batch with its exact input", async () => {
    const raw = `{"customers":[${customers.slice(0, 4).map((c) => c.replace(/"(-?\d+\.\d+)"/g, "$1")).join(",")}]}`;
    const reply = await admin.request("POST", `${paths.trading}/evaluate`, raw);
    expect(reply.status, reply.text).toBe(200);
    for (const [i, record] of reply.body.records.entries()) {
      const logged = await admin.get(`/api/decisions/${record.decisionId}`);
      expect(logged.status).toBe(200);
      const { decisionId: _, ...output } = record;
      expect(logged.body.output).toEqual(output);
      const sentTotal = /"total_assets": ?([0-9.]+)/.exec(customers[i].replace(/"(-?\d+\.\d+)"/g, "$1"))![1];
      expect(logged.text).toContain(`"total_assets":${sentTotal}`);
    }
  });
});
