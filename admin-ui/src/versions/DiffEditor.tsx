/** Monaco's diff editor over two ruleset texts, read-only. */
import { useEffect, useRef } from "react";
import { monaco } from "../editor/monaco.js";
import { POLICY_LANGUAGE, registerPolicyLanguage } from "../editor/policy-language.js";

export function DiffEditor({ before, after }: { before: string; after: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);

  // One diff editor for the component's life: recreating it for every pair of texts leaves
  // Monaco's toolbars evaluating against a disposed editor.
  useEffect(() => {
    registerPolicyLanguage();
    const diff = monaco.editor.createDiffEditor(host.current!, { automaticLayout: true, readOnly: true, originalEditable: false, renderSideBySide: true, minimap: { enabled: false }, scrollBeyondLastLine: false });
    editor.current = diff;
    return () => {
      const models = diff.getModel();
      diff.setModel(null);
      diff.dispose();
      models?.original.dispose();
      models?.modified.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const diff = editor.current;
    if (!diff) return;
    const previous = diff.getModel();
    diff.setModel({ original: monaco.editor.createModel(before, POLICY_LANGUAGE), modified: monaco.editor.createModel(after, POLICY_LANGUAGE) });
    previous?.original.dispose();
    previous?.modified.dispose();
  }, [before, after]);

  return <div className="diff-host" ref={host} data-testid="diff-editor" />;
}
