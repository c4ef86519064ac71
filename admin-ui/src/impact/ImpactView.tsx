/**
 * Draft vs published over a whole portfolio: the grade migration matrix, total limit change,
 * warnings that appear or clear, with charts. A click on a matrix cell lists those customers.
 * Computed in the policy worker with the server's own impact summary code.
 */
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useState, type ChangeEvent } from "react";
import { Bar } from "react-chartjs-2";
import { isErrorRecord, type EvaluationRecord } from "../../../engine/index.js";
import { ERROR_GRADE, NO_GRADE } from "../../../engine/impact.js";
import type { ImpactRow, ImpactSummary } from "../../../server/evaluation/impact-report.js";
import { useI18n } from "../i18n/i18n.js";
import type { useRuleset } from "../rulesets/useRuleset.js";

import { readCustomers, toCustomerInput, type Customer } from "../testing/customers.js";
import { policyWorker } from "../worker/policy-client.js";

ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** The matrix key of a record, as engine/impact.ts counts it. */
const gradeOf = (r: EvaluationRecord) => (isErrorRecord(r) ? ERROR_GRADE : (r.grade ?? NO_GRADE));

export function ImpactView({ ruleset, customers, onCustomers }: { ruleset: ReturnType<typeof useRuleset>; customers: Customer[]; onCustomers(c: Customer[]): void }) {
  const { t } = useI18n();
  const { state } = ruleset;
  const [result, setResult] = useState<{ rows: ImpactRow[]; summary: ImpactSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cell, setCell] = useState<{ from: string; to: string } | null>(null);

  useEffect(() => {
    if (customers.length === 0 || state.publishedSource === null) return;
    let live = true;
    policyWorker.call("impact", { fromSource: state.publishedSource, toSource: state.text, customers: customers.map(toCustomerInput) }).then(
      (r) => {
        if (!live) return;
        if ("error" in r) setError(r.error === "to" ? t("noDecision") : t("error", { message: "published version" }));
        else {
          setError(null);
          setResult(r);
        }
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [customers, state.publishedSource, state.text, t]);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    onCustomers(readCustomers(await file.text(), file.name).customers);
    event.target.value = "";
  }

  const summary = result?.summary;
  const grades = summary ? Object.keys(summary.matrix) : [];
  const picked = result && cell ? result.rows.filter((r) => gradeOf(r.before) === cell.from && gradeOf(r.after) === cell.to) : [];
  const names = new Map(customers.map((c) => [c.id, c.name]));

  return (
    <section className="page impact" data-testid="impact">
      <div className="toolbar">
        <h2>{t("impactTitle")}</h2>
        <label className="upload">
          {t("uploadCustomers")} <input type="file" accept=".jsonl,.json,.csv,.txt" onChange={(e) => void upload(e)} data-testid="impact-upload" />
        </label>
        <span className="muted">{t("sampleCustomers", { count: customers.length })}</span>
        {state.dirty && <span className="tag warning">{t("unsaved")}</span>}
      </div>
      {customers.length === 0 && <p className="muted">{t("loadCustomersFirst")}</p>}
      {error && <p className="error">{error}</p>}
      {summary && (
        <>
          <p data-testid="impact-changed">{t("changedCustomers", { changed: summary.changed, total: summary.customers })}</p>
          <div className="impact-grid">
            <div>
              <h3>{t("migration")}</h3>
              <table className="matrix" data-testid="migration-matrix">
                <thead>
                  <tr>
                    <th />
                    {grades.map((g) => (
                      <th key={g}>{g}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {grades.map((from) => (
                    <tr key={from}>
                      <th>{from}</th>
                      {grades.map((to) => {
                        const n = summary.matrix[from][to];
                        const active = cell?.from === from && cell.to === to;
                        return (
                          <td key={to} className={`${from === to ? "diagonal" : n > 0 ? "moved" : ""} ${active ? "active" : ""}`}>
                            <button type="button" disabled={n === 0} onClick={() => setCell({ from, to })} data-testid={`cell-${from}-${to}`}>
                              {n}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="totals" data-testid="limit-totals">
                <dt>
                  {t("totalLimit")} ({t("before")})
                </dt>
                <dd>{summary.totalLimitBefore}</dd>
                <dt>
                  {t("totalLimit")} ({t("after")})
                </dt>
                <dd>{summary.totalLimitAfter}</dd>
                <dt>{t("totalLimitChange")}</dt>
                <dd className={summary.totalLimitChange.startsWith("-") ? "bad" : "good"}>{summary.totalLimitChange}</dd>
                <dt>{t("errors")}</dt>
                <dd>{summary.errors}</dd>
              </dl>
            </div>
            <div className="chart" style={{ height: 240 }}>
              <Bar
                data={{
                  labels: grades,
                  datasets: [
                    { label: t("before"), data: grades.map((g) => Object.values(summary.matrix[g]).reduce((a, b) => a + b, 0)), backgroundColor: "#9aa5b8" },
                    { label: t("after"), data: grades.map((g) => grades.reduce((a, from) => a + summary.matrix[from][g], 0)), backgroundColor: "#2f6fdf" },
                  ],
                }}
                options={{ responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } }}
              />
            </div>
            <div className="chart" style={{ height: 240 }}>
              <WarningsChart summary={summary} />
            </div>
          </div>
          <div className="impact-grid">
            <WarningList title={t("newWarnings")} counts={summary.newWarnings} />
            <WarningList title={t("clearedWarnings")} counts={summary.clearedWarnings} />
          </div>
        </>
      )}
      {cell && result && (
        <section data-testid="cell-customers">
          <h3>{t("customersIn", cell)}</h3>
          <table>
            <thead>
              <tr>
                <th>{t("customer")}</th>
                <th>{t("changes")}</th>
              </tr>
            </thead>
            <tbody>
              {picked.map((r, i) => (
                <tr key={i}>
                  <td>
                    {r.customerId} {names.get(r.customerId) && <span className="label">{names.get(r.customerId)}</span>}
                  </td>
                  <td>
                    {r.changes.length === 0
                      ? "—"
                      : r.changes.map((c) => (
                          <div key={c.field}>
                            <b>{c.field}</b>: {JSON.stringify(c.before)} → {JSON.stringify(c.after)}
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function WarningsChart({ summary }: { summary: ImpactSummary }) {
  const { t } = useI18n();
  const codes = [...new Set([...Object.keys(summary.newWarnings), ...Object.keys(summary.clearedWarnings)])].sort();
  if (codes.length === 0) return <p className="muted">{t("newWarnings")} / {t("clearedWarnings")}: —</p>;
  return (
    <Bar
      data={{
        labels: codes,
        datasets: [
          { label: t("newWarnings"), data: codes.map((c) => summary.newWarnings[c] ?? 0), backgroundColor: "#d9534f" },
          { label: t("clearedWarnings"), data: codes.map((c) => summary.clearedWarnings[c] ?? 0), backgroundColor: "#5cb85c" },
        ],
      }}
      options={{ responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
    />
  );
}

function WarningList({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts);
  return (
    <div>
      <h3>{title}</h3>
      <ul>
        {entries.length === 0 && <li className="muted">—</li>}
        {entries.map(([code, n]) => (
          <li key={code}>
            <code>{code}</code>: {n}
          </li>
        ))}
      </ul>
    </div>
  );
}

