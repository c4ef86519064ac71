/**
 * A small ruleset with rules, events with params, and runtime faults (divisions by an amount that
 * may be zero) in an output, an event's params, a rule's condition and the score: for tests that
 * compare two ways of deciding or writing. `divisor` names the amount divided by.
 */
export function faultyRuleset(divisor = "debts"): string {
  return `ruleset faulty
input assets money
input debts money
input cash money = 1
scorecard
  indicator lev "杠杆" = debts / cash weight 100
    <= 50% -> 100
    otherwise -> 0
grades A, B
grade by score: A >= 50, otherwise B
rule big when debts / ${divisor} > 1 event "big" { per: assets / ${divisor}, n: 2 }
rule small "小" priority 2 when debts <= 1 event "small"
output o = assets / ${divisor}
`;
}
