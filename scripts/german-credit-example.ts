/**
 * `npm run example:german-credit`: evaluates all 1000 German Credit applicants with
 * rulesets/german-credit.rules and prints the grade distribution and the bad rate per grade.
 */
import { readFileSync } from "node:fs";
import { compile, formatDiagnostic } from "../engine/index.js";
import { parseArff } from "../data-import/arff.js";
import { formatReport, gradeReport } from "./german-credit-report.js";

const root = new URL("../", import.meta.url);
const rulesFile = new URL("rulesets/german-credit.rules", root);
const { plan, diagnostics } = compile(readFileSync(rulesFile, "utf8"));
for (const d of diagnostics) console.error(formatDiagnostic(d, "rulesets/german-credit.rules"));
if (!plan) process.exit(1);
const data = parseArff(readFileSync(new URL("test/fixtures/german-credit.arff", root), "utf8"));
const report = gradeReport(plan, data.rows);
console.log(`German Credit (Statlog): ${data.rows.length} applicants, ruleset ${plan.name}\n`);
console.log(formatReport(report, data.rows.length));
for (const e of report.errors) console.error(`row ${e.row}: ${e.message}`);
process.exit(report.errors.length > 0 ? 1 : 0);
