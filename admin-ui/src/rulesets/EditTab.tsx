/** The editor with its problems list and the test panel beside it. */
import { useCallback, useEffect, useMemo, useState, type RefObject } from "react";
import type { Diagnostic } from "../../../engine/index.js";
import type { Permissions } from "../auth/roles.js";
import { ConflictDialog } from "../editor/ConflictDialog.js";
import { PolicyEditor, type PolicyEditorHandle } from "../editor/PolicyEditor.js";
import { ProblemsList } from "../editor/ProblemsList.js";
import { toEngineFacts } from "../api/exact-json.js";
import { useI18n } from "../i18n/i18n.js";
import { customerValues } from "../testing/customer-values.js";
import type { Customer } from "../testing/customers.js";
import { TestPanel } from "../testing/TestPanel.js";
import { useDecisions } from "../testing/useDecisions.js";
import type { AnalyseResult } from "../worker/protocol.js";
import type { useRuleset } from "./useRuleset.js";

export interface EditTabProps {
  ruleset: ReturnType<typeof useRuleset>;
  analysis: AnalyseResult | null;
  permissions: Permissions;
  editorRef: RefObject<PolicyEditorHandle | null>;
  customers: Customer[];
  onCustomers(c: Customer[]): void;
  selected: number | null;
  onSelect(key: number | null): void;
  boolInputs: ReadonlySet<string>;
  path: string;
}

const NO_DIAGNOSTICS: Diagnostic[] = [];

export function EditTab(props: EditTabProps) {
  const { t } = useI18n();
  const { ruleset, analysis, permissions, editorRef } = props;
  const { state } = ruleset;
  const [runSignal, setRunSignal] = useState(0);
  const [justSaved, setJustSaved] = useState(false);
  const compiles = analysis?.compiles ?? false;

  const save = useCallback(async () => {
    if (!permissions.edit) return;
    setJustSaved(await ruleset.save());
  }, [permissions.edit, ruleset]);

  const runTests = useCallback(() => setRunSignal((n) => n + 1), []);

  // The shortcuts also work when the focus is outside the editor (Monaco handles its own).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void save();
      } else if (mod && event.key === "Enter") {
        event.preventDefault();
        runTests();
      } else if (event.shiftKey && event.altKey && event.key.toLowerCase() === "f") {
        event.preventDefault();
        editorRef.current?.format();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save, runTests, editorRef]);

  // The picked customer's values show in the editor's hover.
  const selectedCustomer = props.customers.find((c) => c.key === props.selected) ?? null;
  const decisions = useDecisions(state.text, null, selectedCustomer ? [selectedCustomer] : [], compiles);
  const labels = useMemo(
    () => ({
      kind: { input: "input", let: "let", output: "output", indicator: "indicator", builtin: "builtin", table: "table" },
      range: "range",
      valueFor: (customer: string) => `${t("customer")} ${customer}`,
    }),
    [t],
  );
  const info = useMemo(
    () => ({
      symbols: analysis?.symbols ?? null,
      values: selectedCustomer ? { customer: selectedCustomer.id ?? `#${selectedCustomer.key + 1}`, byName: customerValues(toEngineFacts(selectedCustomer.facts) as Record<string, unknown>, decisions.draft?.[0] ?? null) } : null,
      labels,
    }),
    [analysis, selectedCustomer, decisions.draft, labels],
  );

  const jump = useCallback((line: number, column?: number) => editorRef.current?.reveal(line, column), [editorRef]);

  return (
    <div className="edit-tab">
      <div className="editor-column">
        <div className="toolbar">
          {permissions.edit ? (
            <>
              <button type="button" onClick={() => void save()} disabled={!state.dirty || state.saving} data-testid="save">
                {state.saving ? t("saving") : t("save")}
              </button>
              <button type="button" onClick={() => editorRef.current?.format()} data-testid="format">
                {t("format")}
              </button>
            </>
          ) : (
            <span className="tag">{t("readOnly")}</span>
          )}
          <button type="button" onClick={runTests} data-testid="run-tests">
            {t("runTests")}
          </button>
          {state.dirty && (
            <span className="tag warning" data-testid="dirty">
              {t("unsaved")}
            </span>
          )}
          {!state.dirty && state.base && state.base.revision > 0 && (
            <span className="muted" data-testid="saved-revision">
              {justSaved ? t("saved", { revision: state.base.revision }) : t("revision", { revision: state.base.revision })}
            </span>
          )}
          {state.error && <span className="error">{state.error}</span>}
          <span className="spacer" />
          <span className="muted shortcuts">{t("shortcuts")}</span>
        </div>
        <PolicyEditor
          ref={editorRef}
          path={props.path}
          initialSource={state.text}
          readOnly={!permissions.edit}
          diagnostics={analysis?.diagnostics ?? NO_DIAGNOSTICS}
          info={info}
          onChange={ruleset.setText}
          onSave={() => void save()}
          onRunTests={runTests}
        />
        <ProblemsList diagnostics={analysis?.diagnostics ?? NO_DIAGNOSTICS} onPick={(d) => jump(d.span.line, d.span.column)} />
      </div>
      <TestPanel
        rulesetPath={ruleset.path}
        source={state.text}
        publishedSource={state.publishedSource}
        compiles={compiles}
        canTest={permissions.test}
        customers={props.customers}
        onCustomers={props.onCustomers}
        selected={props.selected}
        onSelect={props.onSelect}
        boolInputs={props.boolInputs}
        onJump={(line) => jump(line)}
        runSignal={runSignal}
      />
      {state.conflict && (
        <ConflictDialog
          conflict={state.conflict}
          onSaveMerged={async (merged) => {
            if (await ruleset.saveMerged(merged)) editorRef.current?.replaceSource(merged);
          }}
          onTakeTheirs={() => {
            const theirs = state.conflict!.theirs;
            ruleset.takeTheirs();
            editorRef.current?.replaceSource(theirs);
          }}
          onCancel={ruleset.dismissConflict}
        />
      )}
    </div>
  );
}
