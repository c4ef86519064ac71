/**
 * `npm run bench:breakdown`: where one trading-standard decision's time goes, in CPU
 * microseconds per customer, over 2,000 customers kept in cache: reading and checking the
 * inputs, computing everything the record needs, printing its values, the whole evaluate().
 * Each step includes the ones before it; the differences are the parts.
 */
import { readFileSync } from "node:fs";
import { bindInputs } from "../engine/input.js";
import { Frame, read, RuntimeFault } from "../engine/compile/frame.js";
import { route } from "../engine/decide.js";
import { compile, evaluate } from "../engine/index.js";
import * as N from "../engine/numeric.js";
import { generatePortfolio } from "./portfolio.js";

const source = readFileSync(new URL("../../rulesets/trading-standard.rules", import.meta.url), "utf8");
const { plan } = compile(source);
if (!plan) throw new Error("trading-standard does not compile");
const p = plan;
const customers: unknown[] = generatePortfolio(2000).map((c) => JSON.parse(JSON.stringify(c)) as unknown);
const f = new Frame(p.size, p.compute, false);
const s = p.slots;

function bind(c: unknown): boolean {
  f.reset(false);
  return bindInputs(p.inputs, c, f.vals, null).length === 0;
}

function computeAll(c: unknown): void {
  if (!bind(c)) return;
  try {
    for (const slot of [s.score, s.grade, s.limit, s.term, s.frozen]) read(f, slot);
    for (const w of p.warnings) read(f, w.slot);
    route(p, f);
    for (const o of p.outputs) read(f, o.slot);
    for (const ind of p.indicators) read(f, ind.slot);
  } catch (e) {
    if (!(e instanceof RuntimeFault)) throw e;
  }
}

let printed = 0;
function computeAndPrint(c: unknown): void {
  computeAll(c);
  for (const slot of [s.score, s.limit, ...p.indicators.map((i) => i.slot)]) {
    const v = f.vals[slot];
    if (N.isNum(v)) printed += N.formatNum(v).length;
  }
}

function micros(step: (c: unknown) => void): number {
  const rounds = 50;
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const c of customers) step(c);
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / (customers.length * rounds);
}

const steps: Array<[string, (c: unknown) => void]> = [
  ["read and check inputs", (c) => void bind(c)],
  ["+ compute the decision", computeAll],
  ["+ print its values", computeAndPrint],
  ["evaluate() (+ assemble the record)", (c) => void evaluate(p, c)],
];
const best = new Map<string, number>();
for (let round = 0; round < 4; round++) {
  for (const [name, step] of steps) best.set(name, Math.min(best.get(name) ?? Infinity, micros(step)));
}
if (printed === 0) throw new Error("nothing was printed");
for (const [name] of steps) process.stdout.write(`${name.padEnd(36)} ${best.get(name)!.toFixed(2)} µs\n`);
