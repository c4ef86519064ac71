/** The 57 sample customers of test/fixtures, as parsed JSON objects. */
import { readFileSync } from "node:fs";

export function sampleCustomers(): Array<Record<string, unknown>> {
  const text = readFileSync(new URL("./fixtures/customers-sample.jsonl", import.meta.url), "utf8");
  return text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}
