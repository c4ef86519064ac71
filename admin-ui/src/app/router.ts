/**
 * Client-side routes on the History API (the server answers every non-API path with
 * index.html). Leaving a page with unsaved work asks first.
 */
import { useSyncExternalStore } from "react";

type Guard = () => string | null;
const guards = new Set<Guard>();
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

if (typeof window !== "undefined") window.addEventListener("popstate", notify);

/** Registers a check run before in-app navigation; it returns a question to confirm, or null. */
export function addNavigationGuard(guard: Guard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

export function navigate(path: string): void {
  for (const guard of guards) {
    const question = guard();
    if (question !== null && !window.confirm(question)) return;
  }
  window.history.pushState(null, "", path);
  notify();
}

export function usePath(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => window.location.pathname,
  );
}

export type Route =
  | { page: "list" }
  | { page: "import" }
  | { page: "ruleset"; businessUnit: string; name: string; tab: "edit" | "history" | "compare" | "impact" }
  | { page: "not-found" };

/** Where json-rules-engine rules are imported as a new ruleset. */
export const IMPORT_URL = "/import";

const TABS = new Set(["edit", "history", "compare", "impact"]);

export function matchRoute(path: string): Route {
  if (path === "/" || path === "") return { page: "list" };
  if (path === IMPORT_URL || path === `${IMPORT_URL}/`) return { page: "import" };
  const m = /^\/rulesets\/([^/]+)\/([^/]+)(?:\/([a-z]+))?\/?$/.exec(path);
  if (m) {
    const tab = m[3] ?? "edit";
    if (!TABS.has(tab)) return { page: "not-found" };
    return { page: "ruleset", businessUnit: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]), tab: tab as "edit" };
  }
  return { page: "not-found" };
}

export function rulesetUrl(businessUnit: string, name: string, tab: string = "edit"): string {
  const base = `/rulesets/${encodeURIComponent(businessUnit)}/${encodeURIComponent(name)}`;
  return tab === "edit" ? base : `${base}/${tab}`;
}
