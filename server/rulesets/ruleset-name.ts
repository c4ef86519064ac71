/**
 * What a ruleset may be called. Kept free of database code so the admin UI checks a name with
 * the same rules before it asks the server.
 */
import { tokenMatcher } from "chevrotain";
import "../../dsl/object-group-by.js";
import { Minus, NameLike, policyLexer } from "../../dsl/tokens.js";

/** Names the server stores: 1-64 lower-case letters, digits, "-" or "_". */
export const RULESET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type RulesetNameProblem = "format" | "header";

/**
 * Whether `ruleset <name>` spells exactly this name: names joined by "-", each starting with a
 * letter or "_" and not a word of the language (the parser's `rulesetName` rule).
 */
export function spellableInHeader(name: string): boolean {
  const { tokens, errors } = policyLexer.tokenize(name);
  if (errors.length > 0 || tokens.length === 0 || tokens.length % 2 === 0) return false;
  if (tokens.map((t) => t.image).join("") !== name) return false;
  return tokens.every((t, i) => tokenMatcher(t, i % 2 === 0 ? NameLike : Minus) && (i % 2 === 0 || t.image === "-"));
}

/**
 * Why `name` cannot name a new ruleset whose text is generated (an import), or null. Such a text
 * declares `ruleset <name>`, and publishing needs the declared name to be the stored one.
 */
export function generatedRulesetNameProblem(name: string): RulesetNameProblem | null {
  if (!RULESET_NAME.test(name)) return "format";
  if (!spellableInHeader(name)) return "header";
  return null;
}

export function rulesetNameMessage(problem: RulesetNameProblem, name: string): string {
  return problem === "format"
    ? `ruleset names are 1-64 lower-case letters, digits, "-" or "_", starting with a letter or digit; got "${name}"`
    : `"${name}" cannot be written after "ruleset" in the text: each part between "-" must start with a letter or "_" and must not be a word of the language such as "rule"`;
}
