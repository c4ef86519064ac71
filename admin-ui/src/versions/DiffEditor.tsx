/** Monaco's diff editor over two ruleset texts, read-only. */
import { useEffect, useRef } from "react";
import { monaco } from "../editor/monaco.js";
import { POLICY_LANGUAGE, registerPolicyLanguage } from "../editor/policy-language.js";

export function DiffEditor({ before, after }: { before: string; after: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    registerPolicyLanguage();
    const original = monaco.editor.createModel(before, POLICY_LANGUAGE);
    const modified = monaco.editor.createModel(after, POLICY_LANGUAGE);
    const diff = monaco.editor.createDiffEditor(host.current!, { automaticLayout: true, readOnly: true, originalEditable: false, renderSideBySide: true, minimap: { enabled: false }, scrollBeyondLastLine: false });
    diff.setModel({ original, modified });
    return () => {
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [before, after]);
  return <div className="diff-host" ref={host} data-testid="diff-editor" />;
}
