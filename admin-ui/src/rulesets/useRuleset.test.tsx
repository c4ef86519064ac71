// @vitest-environment jsdom
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useRuleset } from "./useRuleset.js";

type Handler = (method: string, url: string, body: unknown) => { status: number; body: unknown };

function serve(handler: Handler) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const body = init.body ? JSON.parse(init.body as string) : undefined;
      calls.push({ method: init.method ?? "GET", url, body });
      const answer = handler(init.method ?? "GET", url, body);
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }),
  );
  return calls;
}

const base = "/api/business-units/trading/rulesets/demo";
const info = { businessUnit: "trading", name: "demo", label: null, publishedVersion: 1, hasDraft: true, publishedSha256: "x", draft: { revision: 3, updatedBy: "li", updatedAt: "", baseVersion: 1 } };

function standard(extra: Handler): Handler {
  return (method, url, body) => {
    if (method === "GET" && url === base) return { status: 200, body: info };
    if (method === "GET" && url === `${base}/versions`) return { status: 200, body: [{ version: 1, sha256: "x", author: "li", publisher: "wang", createdAt: null, publishedAt: null }] };
    if (method === "GET" && url === `${base}/versions/1`) return { status: 200, body: { version: 1, source: "published text" } };
    if (method === "GET" && url === `${base}/draft`) return { status: 200, body: { source: "draft text", revision: 3, updatedBy: "li", updatedAt: null, baseVersion: 1 } };
    return extra(method, url, body);
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("useRuleset", () => {
  it("loads the draft and saves it at the revision it was read", async () => {
    const calls = serve(standard((method) => (method === "PUT" ? { status: 200, body: { revision: 4, updatedBy: "li", updatedAt: "" } } : { status: 404, body: {} })));
    const { result } = renderHook(() => useRuleset("trading", "demo"));
    await waitFor(() => expect(result.current.state.loading).toBe(false));
    expect(result.current.state.text).toBe("draft text");
    expect(result.current.state.publishedSource).toBe("published text");
    act(() => result.current.setText("draft text, edited"));
    expect(result.current.state.dirty).toBe(true);
    await act(() => result.current.save());
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ source: "draft text, edited", revision: 3 });
    expect(result.current.state.base?.revision).toBe(4);
    expect(result.current.state.dirty).toBe(false);
  });

  it("never overwrites someone else's save: a 409 becomes a conflict to merge", async () => {
    let puts = 0;
    const calls = serve(
      standard((method) => {
        if (method !== "PUT") return { status: 404, body: {} };
        puts++;
        return puts === 1
          ? { status: 409, body: { error: { code: "conflict", message: "stale", currentRevision: 5, source: "their text", updatedBy: "zhang" } } }
          : { status: 200, body: { revision: 6 } };
      }),
    );
    const { result } = renderHook(() => useRuleset("trading", "demo"));
    await waitFor(() => expect(result.current.state.loading).toBe(false));
    act(() => result.current.setText("my text"));
    await act(() => result.current.save());
    expect(result.current.state.conflict).toEqual({ theirs: "their text", revision: 5, updatedBy: "zhang", mine: "my text" });
    expect(result.current.state.dirty).toBe(true);
    await act(() => result.current.saveMerged("merged text"));
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([
      { source: "my text", revision: 3 },
      { source: "merged text", revision: 5 },
    ]);
    expect(result.current.state.conflict).toBeNull();
    expect(result.current.state.base).toMatchObject({ source: "merged text", revision: 6 });
  });

  it("takes their text when the user drops their own", async () => {
    serve(standard(() => ({ status: 409, body: { error: { code: "conflict", message: "stale", currentRevision: 5, source: "their text", updatedBy: "zhang" } } })));
    const { result } = renderHook(() => useRuleset("trading", "demo"));
    await waitFor(() => expect(result.current.state.loading).toBe(false));
    act(() => result.current.setText("my text"));
    await act(() => result.current.save());
    act(() => result.current.takeTheirs());
    expect(result.current.state).toMatchObject({ text: "their text", dirty: false, conflict: null, base: { revision: 5 } });
  });

  it("starts a draft at revision 0 from the published text when none is open", async () => {
    serve((method, url) => {
      if (url === `${base}/draft`) return { status: 404, body: { error: { code: "not_found", message: "no draft" } } };
      return standard(() => ({ status: 404, body: {} }))(method, url, undefined);
    });
    const { result } = renderHook(() => useRuleset("trading", "demo"));
    await waitFor(() => expect(result.current.state.loading).toBe(false));
    expect(result.current.state.base).toMatchObject({ source: "published text", revision: 0 });
  });
});
