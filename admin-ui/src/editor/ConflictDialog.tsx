/**
 * Someone else saved the draft first. Their text (left) and ours (right) side by side; the
 * right side is editable, so the user merges into it and saves on top of their revision.
 */
import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n.js";
import type { Conflict } from "../rulesets/useRuleset.js";
import { monaco } from "./monaco.js";
import { POLICY_LANGUAGE, registerPolicyLanguage } from "./policy-language.js";

export function ConflictDialog({ conflict, onSaveMerged, onTakeTheirs, onCancel }: { conflict: Conflict; onSaveMerged(merged: string): void; onTakeTheirs(): void; onCancel(): void }) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const mine = useRef<monaco.editor.ITextModel | null>(null);

  useEffect(() => {
    registerPolicyLanguage();
    const original = monaco.editor.createModel(conflict.theirs, POLICY_LANGUAGE);
    const modified = monaco.editor.createModel(conflict.mine, POLICY_LANGUAGE);
    mine.current = modified;
    const diff = monaco.editor.createDiffEditor(host.current!, { automaticLayout: true, renderSideBySide: true, originalEditable: false, readOnly: false, minimap: { enabled: false } });
    diff.setModel({ original, modified });
    return () => {
      diff.setModel(null);
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [conflict]);

  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={t("conflictTitle")} data-testid="conflict">
      <div className="dialog wide">
        <h2>{t("conflictTitle")}</h2>
        <p>{t("conflictBody", { user: conflict.updatedBy ?? "?", revision: conflict.revision })}</p>
        <div className="diff-host" ref={host} />
        <div className="dialog-actions">
          <button type="button" onClick={() => mine.current && onSaveMerged(mine.current.getValue())} data-testid="save-merged">
            {t("conflictSaveMerged")}
          </button>
          <button type="button" onClick={onTakeTheirs}>
            {t("conflictTakeTheirs")}
          </button>
          <button type="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
