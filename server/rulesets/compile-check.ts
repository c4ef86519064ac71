/** Refuses to publish (or run) a source that does not compile: 422 with its diagnostics. */
import { ApiError } from "../http/errors.js";
import type { Compiled, Plan, PlanCache } from "./plan-cache.js";

export function requirePlan(compiled: Compiled, what: string): Plan {
  if (compiled.plan) return compiled.plan;
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  const where = first ? ` (line ${first.span.line}: ${first.message})` : "";
  throw new ApiError(422, "invalid_ruleset", `${what} does not compile: ${errors.length} error(s)${where}`, {
    diagnostics: compiled.diagnostics,
  });
}

/** A published source must compile and name the ruleset it is published as. */
export function requirePublishable(plans: PlanCache, source: string, sha256: string, rulesetName: string): Plan {
  const plan = requirePlan(plans.compile(source, sha256), "the draft");
  if (plan.name !== rulesetName) {
    throw new ApiError(
      422,
      "invalid_ruleset",
      `the source declares ruleset "${plan.name}" but is being published as "${rulesetName}"; the names must match`,
      { diagnostics: [] },
    );
  }
  return plan;
}
