/** Monaco editing one ruleset source, with diagnostics as markers and the policy language's features. */
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import type { Diagnostic } from "../../../engine/index.js";
import { monaco } from "./monaco.js";
import { forgetModel, POLICY_LANGUAGE, registerPolicyLanguage, setModelInfo, type ModelInfo } from "./policy-language.js";

export interface PolicyEditorHandle {
  reveal(line: number, column?: number): void;
  /** Replaces the whole text as one undoable edit. */
  replaceSource(text: string): void;
  getSource(): string;
  format(): void;
}

export interface PolicyEditorProps {
  ref?: Ref<PolicyEditorHandle>;
  /** Identifies the model, e.g. `trading/trading-standard/draft.rules`. */
  path: string;
  initialSource: string;
  readOnly: boolean;
  diagnostics: Diagnostic[];
  info: Partial<ModelInfo>;
  onChange(source: string): void;
  onSave(): void;
  onRunTests(): void;
}

const severityOf = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
} as const;

export function PolicyEditor(props: PolicyEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    registerPolicyLanguage();
    const uri = monaco.Uri.from({ scheme: "policy", path: `/${props.path}` });
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(props.initialSource, POLICY_LANGUAGE, uri);
    const editor = monaco.editor.create(host.current!, {
      model,
      readOnly: props.readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: "none",
      scrollBeyondLastLine: false,
      folding: true,
      showFoldingControls: "always",
      // Chinese text is composed with an IME; Monaco handles composition itself as long as
      // nothing on the page steals keydown events during it.
      fontFamily: "ui-monospace, 'Cascadia Mono', 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', monospace",
      unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
    });
    editorRef.current = editor;
    const changes = model.onDidChangeContent(() => latest.current.onChange(model.getValue()));
    editor.addAction({
      id: "policy.save",
      label: "Save draft",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
      run: () => latest.current.onSave(),
    });
    editor.addAction({
      id: "policy.runTests",
      label: "Run tests",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => latest.current.onRunTests(),
    });
    return () => {
      changes.dispose();
      editor.setModel(null);
      editor.dispose();
      forgetModel(model);
      model.dispose();
      editorRef.current = null;
    };
    // The model lives as long as the component for this path; later prop changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.path]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: props.readOnly });
  }, [props.readOnly]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "policy",
      props.diagnostics.map((d) => ({
        severity: severityOf[d.severity],
        message: d.notes && d.notes.length > 0 ? `${d.message}\n${d.notes.join("\n")}` : d.message,
        code: d.code,
        source: "policy",
        startLineNumber: d.span.line,
        startColumn: d.span.column,
        endLineNumber: d.span.endLine,
        endColumn: Math.max(d.span.endColumn, d.span.line === d.span.endLine ? d.span.column + 1 : d.span.endColumn),
      })),
    );
  }, [props.diagnostics]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setModelInfo(model, props.info);
  }, [props.info]);

  useImperativeHandle(props.ref, () => ({
    reveal(line, column = 1) {
      const editor = editorRef.current;
      if (!editor) return;
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
    replaceSource(text) {
      const editor = editorRef.current;
      const model = editor?.getModel();
      if (!editor || !model) return;
      editor.executeEdits("replace", [{ range: model.getFullModelRange(), text }]);
    },
    getSource: () => editorRef.current?.getModel()?.getValue() ?? "",
    format() {
      void editorRef.current?.getAction("editor.action.formatDocument")?.run();
    },
  }));

  return <div className="policy-editor" ref={host} data-testid="policy-editor" />;
}
