/**
 * One ruleset: edit and test the draft, its history, comparisons and publishing, and the
 * impact of the draft on a portfolio. What the user may do follows their role in the unit.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { addNavigationGuard, navigate, rulesetUrl } from "../app/router.js";
import { permissionsIn } from "../auth/roles.js";
import { useUser } from "../auth/session.js";
import { useAnalysis } from "../editor/useAnalysis.js";
import type { PolicyEditorHandle } from "../editor/PolicyEditor.js";
import { useI18n } from "../i18n/i18n.js";
import type { Customer } from "../testing/customers.js";
import { ImpactView } from "../impact/ImpactView.js";
import { CompareView } from "../versions/CompareView.js";
import { HistoryView } from "../versions/HistoryView.js";
import { EditTab } from "./EditTab.js";
import { useRuleset } from "./useRuleset.js";

type Tab = "edit" | "history" | "compare" | "impact";

export function Workspace({ businessUnit, name, tab }: { businessUnit: string; name: string; tab: Tab }) {
  const { t } = useI18n();
  const user = useUser();
  const permissions = permissionsIn(user, businessUnit);
  const ruleset = useRuleset(businessUnit, name);
  const { state } = ruleset;
  const analysis = useAnalysis(state.text);
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const editor = useRef<PolicyEditorHandle>(null);

  // Unsaved work is never lost silently: neither by closing the tab nor by navigating away.
  const dirty = state.dirty;
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    const removeGuard = addNavigationGuard(() => (dirty ? t("unsavedLeave") : null));
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      removeGuard();
    };
  }, [dirty, t]);

  const boolInputs = useMemo(
    () => new Set((analysis?.symbols.symbols ?? []).filter((s) => s.kind === "input" && s.type.includes("bool")).map((s) => s.name)),
    [analysis],
  );

  const go = useCallback((next: Tab) => navigate(rulesetUrl(businessUnit, name, next)), [businessUnit, name]);

  if (state.loading) return <p className="page">{t("loading")}</p>;
  if (state.error && !state.info) return <p className="page error">{t("error", { message: state.error })}</p>;
  const info = state.info!;
  const tabs: Array<[Tab, string]> = [
    ["edit", t("tabEdit")],
    ["history", t("tabHistory")],
    ["compare", t("tabCompare")],
    ["impact", t("tabImpact")],
  ];
  return (
    <main className="workspace">
      <div className="workspace-head">
        <button type="button" className="link" onClick={() => navigate("/")}>
          ← {t("back")}
        </button>
        <h1>
          {info.name} {info.label && <span className="label">{info.label}</span>}
        </h1>
        <span className="muted">
          {businessUnit} · {t("yourRole", { role: permissions.role ?? "-" })} · {t("published")}: {info.publishedVersion === null ? "—" : `v${info.publishedVersion}`} ·{" "}
          {state.base && state.base.revision > 0 ? t("revision", { revision: state.base.revision }) : t("noDraft")}
        </span>
        <nav className="tabs" role="tablist">
          {tabs.map(([key, label]) => (
            <button key={key} type="button" role="tab" aria-selected={tab === key} className={tab === key ? "active" : ""} onClick={() => go(key)} data-testid={`tab-${key}`}>
              {label}
            </button>
          ))}
        </nav>
      </div>
      {tab === "edit" && (
        <EditTab
          ruleset={ruleset}
          analysis={analysis}
          permissions={permissions}
          editorRef={editor}
          customers={customers}
          onCustomers={setCustomers}
          selected={selected}
          onSelect={setSelected}
          boolInputs={boolInputs}
          path={`${businessUnit}/${name}/draft.rules`}
        />
      )}
      {tab === "history" && <HistoryView ruleset={ruleset} permissions={permissions} />}
      {tab === "compare" && <CompareView ruleset={ruleset} permissions={permissions} analysis={analysis} user={user.username} />}
      {tab === "impact" && <ImpactView ruleset={ruleset} customers={customers} onCustomers={setCustomers} />}
    </main>
  );
}
