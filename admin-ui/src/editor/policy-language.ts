/**
 * The policy language in Monaco: highlighting from the language's own lexer, and completion,
 * hover, go to definition, references, rename, folding and formatting from the symbols the
 * policy worker computed for each open model.
 */
import type { SymbolInfo, SymbolTable } from "../../../engine/symbols.js";
import type { Span } from "../../../engine/index.js";
import { policyWorker } from "../worker/policy-client.js";
import { completionsAt, type CompletionKind } from "./completion.js";
import { foldingRanges } from "./folding.js";
import { tokenizeLine } from "./highlight.js";
import { hoverMarkdown, type HoverLabels } from "./hover.js";
import { monaco } from "./monaco.js";

export const POLICY_LANGUAGE = "credit-policy";

/** What the providers know about one model; updated by the editor after each analysis. */
export interface ModelInfo {
  symbols: SymbolTable | null;
  /** Values of names for the customer picked in the test panel. */
  values: { customer: string; byName: Record<string, string> } | null;
  labels: HoverLabels;
}

const infos = new Map<string, ModelInfo>();

export function setModelInfo(model: monaco.editor.ITextModel, info: Partial<ModelInfo>): void {
  const key = model.uri.toString();
  const current = infos.get(key) ?? { symbols: null, values: null, labels: { kind: {}, range: "range", valueFor: (c) => c } };
  infos.set(key, { ...current, ...info });
}

export function forgetModel(model: monaco.editor.ITextModel): void {
  infos.delete(model.uri.toString());
}

function rangeOf(span: Span): monaco.IRange {
  return { startLineNumber: span.line, startColumn: span.column, endLineNumber: span.endLine, endColumn: span.endColumn };
}

function symbolAtPosition(model: monaco.editor.ITextModel, position: monaco.Position): SymbolInfo | null {
  const table = infos.get(model.uri.toString())?.symbols;
  if (!table) return null;
  const offset = model.getOffsetAt(position);
  const covers = (s: Span | null) => s !== null && offset >= s.start && offset <= s.end;
  return table.symbols.find((s) => covers(s.span) || s.references.some(covers)) ?? null;
}

const completionKinds: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  input: monaco.languages.CompletionItemKind.Field,
  let: monaco.languages.CompletionItemKind.Variable,
  name: monaco.languages.CompletionItemKind.Constant,
  function: monaco.languages.CompletionItemKind.Function,
  grade: monaco.languages.CompletionItemKind.EnumMember,
  severity: monaco.languages.CompletionItemKind.Enum,
  action: monaco.languages.CompletionItemKind.Event,
  role: monaco.languages.CompletionItemKind.User,
  mode: monaco.languages.CompletionItemKind.Enum,
};

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Lines are lexed on their own (see highlight.ts), so there is one state, shared by every line. */
const NO_STATE: monaco.languages.IState = {
  clone: () => NO_STATE,
  equals: (other) => other === NO_STATE,
};

let registered = false;

export function registerPolicyLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: POLICY_LANGUAGE, extensions: [".rules"] });
  monaco.languages.setLanguageConfiguration(POLICY_LANGUAGE, {
    comments: { lineComment: "//" },
    brackets: [
      ["(", ")"],
      ["[", "]"],
    ],
    autoClosingPairs: [
      { open: "(", close: ")" },
      { open: "[", close: "]" },
      { open: '"', close: '"', notIn: ["string", "comment"] },
    ],
    // Names may be Chinese: a word is any run of letters, digits and underscores of any script.
    wordPattern: /[\p{L}_][\p{L}\p{N}_]*|-?\d[\d,_.]*%?/u,
  });
  monaco.languages.setTokensProvider(POLICY_LANGUAGE, {
    getInitialState: () => NO_STATE,
    tokenize: (line) => ({ tokens: tokenizeLine(line).map((t) => ({ startIndex: t.startIndex, scopes: t.scope })), endState: NO_STATE }),
  });

  monaco.languages.registerCompletionItemProvider(POLICY_LANGUAGE, {
    triggerCharacters: [" ", ":", ","],
    provideCompletionItems(model, position) {
      const table = infos.get(model.uri.toString())?.symbols;
      if (!table) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      const suggestions = completionsAt(before, table).map((c, i) => ({
        label: { label: c.label, description: c.detail },
        kind: completionKinds[c.kind],
        detail: c.detail,
        documentation: c.documentation,
        insertText: c.insertText ?? c.label,
        insertTextRules: c.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
        sortText: String(i).padStart(4, "0"),
        range,
      }));
      return { suggestions };
    },
  });

  monaco.languages.registerHoverProvider(POLICY_LANGUAGE, {
    provideHover(model, position) {
      const info = infos.get(model.uri.toString());
      const symbol = symbolAtPosition(model, position);
      if (!info || !symbol) return null;
      const value = info.values && symbol.name in info.values.byName ? { customer: info.values.customer, value: info.values.byName[symbol.name] } : null;
      const word = model.getWordAtPosition(position);
      return {
        // isTrusted stays false: no command links, and the text is escaped (editor/markdown.ts).
        contents: hoverMarkdown(symbol, value, info.labels).map((md) => ({ value: md, isTrusted: false, supportHtml: false })),
        range: word ? { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn } : undefined,
      };
    },
  });

  monaco.languages.registerDefinitionProvider(POLICY_LANGUAGE, {
    provideDefinition(model, position) {
      const symbol = symbolAtPosition(model, position);
      if (!symbol?.span) return null;
      return { uri: model.uri, range: rangeOf(symbol.span) };
    },
  });

  monaco.languages.registerReferenceProvider(POLICY_LANGUAGE, {
    provideReferences(model, position, context) {
      const symbol = symbolAtPosition(model, position);
      if (!symbol) return null;
      const spans = [...(context.includeDeclaration && symbol.span ? [symbol.span] : []), ...symbol.references];
      return spans.map((s) => ({ uri: model.uri, range: rangeOf(s) }));
    },
  });

  monaco.languages.registerRenameProvider(POLICY_LANGUAGE, {
    resolveRenameLocation(model, position) {
      const symbol = symbolAtPosition(model, position);
      if (!symbol || !symbol.span || symbol.kind === "builtin" || symbol.kind === "grade") {
        return { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: "", rejectReason: "only names declared in this ruleset can be renamed" };
      }
      const here = [symbol.span, ...symbol.references].find((s) => {
        const offset = model.getOffsetAt(position);
        return offset >= s.start && offset <= s.end;
      })!;
      return { range: rangeOf(here), text: symbol.name };
    },
    provideRenameEdits(model, position, newName) {
      const symbol = symbolAtPosition(model, position);
      if (!symbol?.span) return { edits: [] };
      if (!IDENTIFIER.test(newName)) return { edits: [], rejectReason: `"${newName}" is not a name: use letters, digits and _` };
      const table = infos.get(model.uri.toString())?.symbols;
      if (table?.symbols.some((s) => s.name === newName)) return { edits: [], rejectReason: `"${newName}" is already declared` };
      const versionId = model.getVersionId();
      return {
        edits: [symbol.span, ...symbol.references].map((s) => ({ resource: model.uri, versionId, textEdit: { range: rangeOf(s), text: newName } })),
      };
    },
  });

  monaco.languages.registerFoldingRangeProvider(POLICY_LANGUAGE, {
    provideFoldingRanges(model) {
      return foldingRanges(model.getLinesContent()).map((f) => ({
        start: f.start,
        end: f.end,
        kind: f.kind === "region" ? monaco.languages.FoldingRangeKind.Region : undefined,
      }));
    },
  });

  monaco.languages.registerDocumentFormattingEditProvider(POLICY_LANGUAGE, {
    async provideDocumentFormattingEdits(model) {
      const { formatted } = await policyWorker.call("format", { source: model.getValue() });
      if (formatted === null || formatted === model.getValue()) return [];
      return [{ range: model.getFullModelRange(), text: formatted }];
    },
  });
}
