/** The hover text for a name: type, label, allowed range or definition, and the picked customer's value. */
import type { SymbolInfo } from "../../../engine/symbols.js";
import { codeBlock, escapeMarkdown } from "./markdown.js";

export interface HoverLabels {
  kind: Record<string, string>;
  range: string;
  valueFor: (customer: string) => string;
}

export function hoverMarkdown(symbol: SymbolInfo, customerValue: { customer: string; value: string } | null, labels: HoverLabels): string[] {
  const parts: string[] = [];
  const kind = labels.kind[symbol.kind] ?? symbol.kind;
  parts.push(`**${escapeMarkdown(symbol.name)}** — ${escapeMarkdown(kind)}: ${escapeMarkdown(symbol.type)}` + (symbol.label ? ` · ${escapeMarkdown(symbol.label)}` : ""));
  if (symbol.range) parts.push(`${escapeMarkdown(labels.range)}: ${escapeMarkdown(symbol.range)}`);
  if (symbol.definition && symbol.kind !== "input") parts.push(codeBlock(symbol.definition));
  if (customerValue) parts.push(`${escapeMarkdown(labels.valueFor(customerValue.customer))}: \`${customerValue.value.replace(/`/g, "'")}\``);
  return parts;
}
