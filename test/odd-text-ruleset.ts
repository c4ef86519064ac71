/**
 * A ruleset through which text from customers reaches every kind of place in a record: the
 * customer id, a text output, a list output, a text indicator's value, a rule event's parameter
 * (and the ruleset's own name holds quotes, a backslash, Chinese and an emoji). For the tests
 * that record writers escape and encode text exactly as JSON.stringify does.
 */
export const ODD_TEXT_RULESET = `ruleset odd "odd \\"names\\" 名称 \\\\ 😀"
input label text
input flag bool
input amount money
scorecard
  indicator label weight 40
    = "a\\"b" -> 100
    otherwise -> 0
  indicator flag weight 30
    = true -> 100
    otherwise -> 0
  indicator amount weight 30
    > 1000 -> 100
    otherwise -> 50
grades A, B
grade by score: A >= 50, otherwise B
output echo = label
output both = [label, "固定"]
output big = amount / 3
rule R1 when flag event "hit \\"x\\"" { k: label }
`;
