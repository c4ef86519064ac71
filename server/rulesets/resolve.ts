/** Turns `version=draft|N` (or nothing: the version in force) into a source text to run. */
import { sha256Hex } from "../auth/secrets.js";
import type { Services } from "../context.js";
import { badRequest, notFound } from "../http/errors.js";
import { requirePlan } from "./compile-check.js";
import type { Plan } from "./plan-cache.js";
import { findDraft, requireVersion, type RulesetRef } from "./store.js";

export type VersionSelector = "published" | "draft" | number;

export interface ResolvedSource {
  selector: VersionSelector;
  /** The version as decision records name it: "3", or "draft". */
  label: string;
  /** The version number, or null for the draft. */
  number: number | null;
  source: string;
  sha256: string;
}

export function parseSelector(text: string | undefined, fallback: VersionSelector = "published"): VersionSelector {
  if (text === undefined || text === "") return fallback;
  if (text === "draft" || text === "published") return text;
  if (/^[1-9][0-9]{0,8}$/.test(text)) return Number(text);
  throw badRequest(`version must be a version number, "draft" or "published"; got "${text}"`);
}

export function parseVersionNumber(text: string | undefined): number {
  const selector = parseSelector(text, "published");
  if (typeof selector !== "number") throw badRequest(`expected a version number; got "${text ?? ""}"`);
  return selector;
}

export async function resolveSource(services: Services, ruleset: RulesetRef, selector: VersionSelector): Promise<ResolvedSource> {
  if (selector === "draft") {
    const draft = await findDraft(services.db, ruleset.id);
    if (!draft) throw notFound(`ruleset "${ruleset.name}" has no open draft`);
    return { selector, label: "draft", number: null, source: draft.source, sha256: sha256Hex(draft.source) };
  }
  let number = selector;
  if (number === "published") {
    const inForce = await services.currentVersions.get(ruleset.id);
    if (!inForce) throw notFound(`ruleset "${ruleset.name}" has no published version yet`);
    number = inForce.number;
  }
  const version = await requireVersion(services.db, ruleset, number);
  return { selector, label: String(version.number), number: version.number, source: version.source, sha256: version.sha256 };
}

export interface ResolvedPlan {
  label: string;
  number: number | null;
  sha256: string;
  plan: Plan;
}

/**
 * The compiled plan for a selector. The version in force is found through the cache, and its
 * source is only read from the database when its plan is not compiled yet.
 */
export async function resolvePlan(services: Services, ruleset: RulesetRef, selector: VersionSelector): Promise<ResolvedPlan> {
  if (selector === "published") {
    const inForce = await services.currentVersions.get(ruleset.id);
    if (!inForce) throw notFound(`ruleset "${ruleset.name}" has no published version yet`);
    const cached = services.plans.peek(inForce.sha256);
    if (cached) return { label: String(inForce.number), number: inForce.number, sha256: inForce.sha256, plan: requirePlan(cached, "this version") };
  }
  const resolved = await resolveCompiled(services, ruleset, selector);
  return { label: resolved.label, number: resolved.number, sha256: resolved.sha256, plan: resolved.plan };
}

/**
 * The source for a selector with its plan compiled (422 with its diagnostics when it does not
 * compile): for work handed to the evaluation workers, which compile the source themselves, so
 * that a version that does not compile is refused before anything starts.
 */
export async function resolveCompiled(services: Services, ruleset: RulesetRef, selector: VersionSelector): Promise<ResolvedSource & { plan: Plan }> {
  const resolved = await resolveSource(services, ruleset, selector);
  const what = resolved.number === null ? "the draft" : `version ${resolved.number}`;
  return { ...resolved, plan: requirePlan(services.plans.compile(resolved.source, resolved.sha256), what) };
}
