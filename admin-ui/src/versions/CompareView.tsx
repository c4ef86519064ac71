/**
 * Any two versions, or a version and the draft, side by side with what changed in policy
 * terms. Comparing the published version with the draft is also where an approver reviews the
 * change and its test results, and publishes it.
 */
import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client.js";
import type { TestRun, VersionWithSource } from "../api/types.js";
import type { Permissions } from "../auth/roles.js";
import { useI18n } from "../i18n/i18n.js";
import type { useRuleset } from "../rulesets/useRuleset.js";
import type { AnalyseResult } from "../worker/protocol.js";
import { DiffEditor } from "./DiffEditor.js";
import { policyChanges } from "./policy-changes.js";
import { PolicyChangeList } from "./PolicyChangeList.js";

type Side = "draft" | number;

function sideFromQuery(value: string | null, fallback: Side): Side {
  if (value === "draft") return "draft";
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function CompareView({ ruleset, permissions, analysis, user }: { ruleset: ReturnType<typeof useRuleset>; permissions: Permissions; analysis: AnalyseResult | null; user: string }) {
  const { t } = useI18n();
  const { state } = ruleset;
  const info = state.info!;
  const query = new URLSearchParams(window.location.search);
  const [from, setFrom] = useState<Side>(sideFromQuery(query.get("from"), info.publishedVersion ?? "draft"));
  const [to, setTo] = useState<Side>(sideFromQuery(query.get("to"), "draft"));
  const [sources, setSources] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    for (const side of [from, to]) {
      if (side === "draft" || sources[side] !== undefined) continue;
      api.get<VersionWithSource>(`${ruleset.path}/versions/${side}`).then(
        (v) => setSources((s) => ({ ...s, [side]: v.source })),
        (e: Error) => setError(e.message),
      );
    }
  }, [from, to, sources, ruleset.path]);

  // The draft here is the saved one: that is what would be published.
  const sourceOf = (side: Side) => (side === "draft" ? (state.base?.source ?? "") : sources[side]);
  const before = sourceOf(from);
  const after = sourceOf(to);
  const changes = useMemo(() => (before !== undefined && after !== undefined ? policyChanges(before, after) : []), [before, after]);
  const options = [...state.versions.map((v) => ({ value: String(v.version), label: `v${v.version}` })), { value: "draft", label: t("draft") }];

  return (
    <section className="page compare" data-testid="compare">
      <div className="toolbar">
        <SideSelect label={t("from")} value={from} options={options} onChange={setFrom} testId="compare-from" />
        <SideSelect label={t("to")} value={to} options={options} onChange={setTo} testId="compare-to" />
        {state.dirty && <span className="tag warning">{t("unsaved")}</span>}
        {error && <span className="error">{error}</span>}
      </div>
      {before !== undefined && after !== undefined && (
        <>
          <PolicyChangeList changes={changes} />
          <DiffEditor before={before} after={after} />
        </>
      )}
      {to === "draft" && from === info.publishedVersion && <PublishPanel ruleset={ruleset} permissions={permissions} analysis={analysis} user={user} />}
    </section>
  );
}

function SideSelect({ label, value, options, onChange, testId }: { label: string; value: Side; options: Array<{ value: string; label: string }>; onChange: (side: Side) => void; testId: string }) {
  return (
    <label>
      {label}{" "}
      <select value={String(value)} onChange={(e) => onChange(e.target.value === "draft" ? "draft" : Number(e.target.value))} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function PublishPanel({ ruleset, permissions, analysis, user }: { ruleset: ReturnType<typeof useRuleset>; permissions: Permissions; analysis: AnalyseResult | null; user: string }) {
  const { t } = useI18n();
  const { state } = ruleset;
  const [run, setRun] = useState<TestRun | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const draft = state.base;
  const hasDraft = draft !== null && draft.revision > 0;

  useEffect(() => {
    if (!hasDraft || !permissions.test) return;
    // The server's run is the reference: it is the saved draft that gets published.
    api.post<TestRun>(`${ruleset.path}/tests/run?version=draft`).then(setRun, (e: Error) => setMessage(e.message));
  }, [hasDraft, permissions.test, ruleset.path, draft?.revision]);

  const errors = !state.dirty && analysis ? analysis.diagnostics.filter((d) => d.severity === "error").length : 0;
  const lastEditor = draft?.updatedBy ?? null;
  const reasons: string[] = [];
  if (!hasDraft) reasons.push(t("noDraftToPublish"));
  if (!permissions.publish) reasons.push(t("publishNeedsApprover"));
  if (hasDraft && lastEditor === user) reasons.push(t("publishNotLastEditor", { user: lastEditor }));
  if (errors > 0) reasons.push(t("publishHasErrors"));

  async function publish() {
    if (!draft || !window.confirm(t("publishConfirm"))) return;
    try {
      const published = await api.post<{ version: number }>(`${ruleset.path}/publish`, { revision: draft.revision });
      setMessage(t("publishedAs", { version: published.version }));
      await ruleset.reload();
    } catch (error) {
      setMessage(t("error", { message: (error as Error).message }));
    }
  }

  return (
    <section className="publish-panel" data-testid="publish-panel">
      <h3>{t("publishTitle")}</h3>
      {run && (
        <p data-testid="publish-tests" className={run.failed > 0 ? "bad" : "good"}>
          {t("runTests")}: {run.passed} {t("passed")} · {run.failed} {t("failed")}
          {run.failed > 0 && ` — ${t("publishTestsFailing", { count: run.failed })}`}
        </p>
      )}
      {run && run.cases.some((c) => !c.passed) && (
        <ul className="test-list">
          {run.cases
            .filter((c) => !c.passed)
            .map((c) => (
              <li key={c.id} className="fail">
                ✗ {c.name}: {c.mismatches.map((m) => `${m.path} ${JSON.stringify(m.expected)} ≠ ${JSON.stringify(m.actual)}`).join("; ")}
              </li>
            ))}
        </ul>
      )}
      {reasons.length > 0 && (
        <ul className="reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {message && (
        <p role="status" data-testid="publish-message">
          {message}
        </p>
      )}
      {hasDraft && (
        <button type="button" disabled={reasons.length > 0} onClick={() => void publish()} data-testid="publish">
          {t("publish", { revision: draft!.revision })}
        </button>
      )}
    </section>
  );
}
