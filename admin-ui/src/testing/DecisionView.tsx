/**
 * One decision, explained: the score build-up, the band each indicator hit, the caps and why,
 * the warnings with the values that made them fire, the terms row and the approval route.
 * Every piece of text is rendered as text; line numbers jump to the rule in the editor.
 */
import type { DecisionRecord, EvaluationRecord, Explanation, OutputValue } from "../../../engine/index.js";
import { isErrorRecord } from "../../../engine/index.js";
import { useI18n } from "../i18n/i18n.js";
import { ContributionChart } from "./ContributionChart.js";
import { abbreviateDecimal } from "./decimal-text.js";

function show(value: OutputValue | undefined): string {
  if (value === undefined) return "";
  if (value === null) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A value in a table cell: long decimals cut short, the exact value in the tooltip. */
function Exact({ value }: { value: OutputValue | undefined }) {
  const full = show(value);
  const short = abbreviateDecimal(full);
  return short === full ? <>{full}</> : <span title={full}>{short}</span>;
}

function LineLink({ line, onJump }: { line: number; onJump(line: number): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="line-link" onClick={() => onJump(line)}>
      {t("line", { line })}
    </button>
  );
}

function Values({ values }: { values: Record<string, OutputValue> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <span className="values">
      {entries.map(([k, v]) => (
        <span key={k} className="value">
          {k} = <b><Exact value={v} /></b>
        </span>
      ))}
    </span>
  );
}

export function DecisionView({ record, onJump }: { record: EvaluationRecord; onJump(line: number): void }) {
  const { t } = useI18n();
  if (isErrorRecord(record)) {
    return (
      <div className="decision error-record" data-testid="decision">
        <h4>{t("errorRecord")}</h4>
        <ul>
          {(record.errors ?? [record.error]).map((e, i) => (
            <li key={i}>
              <code>{e.code}</code> {e.message} {e.line !== undefined && <LineLink line={e.line} onJump={onJump} />}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const explanation = record.explanation as Explanation | undefined;
  return (
    <div className="decision" data-testid="decision">
      <DecisionSummary record={record} explanation={explanation} />
      {record.indicators.length > 0 && (
        <section>
          <h4>{t("indicators")}</h4>
          <ContributionChart indicators={record.indicators} labels={Object.fromEntries((explanation?.indicators ?? []).map((i) => [i.code, i.label]))} />
          <table className="indicators">
            <thead>
              <tr>
                <th>{t("indicator")}</th>
                <th>{t("value")}</th>
                <th>{t("band")}</th>
                <th>{t("points")}</th>
                <th>{t("weight")}</th>
                <th>{t("contribution")}</th>
              </tr>
            </thead>
            <tbody>
              {(explanation?.indicators ?? record.indicators.map((i) => ({ ...i, label: null, band: "", line: 0 }))).map((i) => (
                <tr key={i.code}>
                  <td>
                    {i.code} {i.label && <span className="label">{i.label}</span>}
                  </td>
                  <td>
                    <Exact value={i.value} />
                  </td>
                  <td>
                    <code>{i.band}</code> {i.line > 0 && <LineLink line={i.line} onJump={onJump} />}
                  </td>
                  <td>{i.points}</td>
                  <td>{i.weight}</td>
                  <td>{i.contribution}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {explanation && explanation.grade.caps.length > 0 && (
        <section>
          <h4>{t("caps")}</h4>
          <ul className="caps">
            {explanation.grade.caps
              .filter((c) => c.holds)
              .map((c) => (
                <li key={c.code} className="cap holds" data-testid="cap">
                  <code>{c.code}</code> {c.label && <span className="label">{c.label}</span>} — {t("capApplied", { grade: c.at })}: <code>{c.condition}</code> <Values values={c.values} />{" "}
                  <LineLink line={c.line} onJump={onJump} />
                </li>
              ))}
          </ul>
        </section>
      )}
      <section>
        <h4>{t("warnings")}</h4>
        <ul className="warnings">
          {record.warnings.length === 0 && <li className="muted">{t("none")}</li>}
          {record.warnings.map((w) => {
            const why = explanation?.warnings.find((x) => x.code === w.code);
            return (
              <li key={w.code} className={`warning ${w.severity}`} data-testid="warning">
                <code>{w.code}</code> {why?.label && <span className="label">{why.label}</span>} <span className="tag">{w.severity}</span> <span className="tag">{w.action}</span>
                {why && (
                  <>
                    {" "}
                    <code>{why.condition}</code> <Values values={why.values} /> <LineLink line={why.line} onJump={onJump} />
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {explanation?.terms && (
        <section>
          <h4>{t("termsRow")}</h4>
          <p>
            <code>{explanation.terms.row}</code> <LineLink line={explanation.terms.line} onJump={onJump} /> — {t("limitBeforeRounding")}: <b>{show(explanation.terms.limitBeforeRounding)}</b>
          </p>
        </section>
      )}
      <section>
        <h4>{t("approval")}</h4>
        <p data-testid="approval">
          {record.approval.level !== null && (
            <>
              {t("level")} {record.approval.level}:{" "}
            </>
          )}
          {record.approval.chain.join(" → ") || t("none")}
          {record.approval.exception && <span className="tag critical"> {t("exception")}</span>}
          {explanation?.approval && (
            <>
              {" "}
              — <code>{explanation.approval.route}</code> <LineLink line={explanation.approval.line} onJump={onJump} />
            </>
          )}
        </p>
      </section>
      {Object.keys(record.outputs).length > 0 && (
        <section>
          <h4>{t("outputs")}</h4>
          <Values values={record.outputs} />
        </section>
      )}
    </div>
  );
}

function DecisionSummary({ record, explanation }: { record: DecisionRecord; explanation: Explanation | undefined }) {
  const { t } = useI18n();
  return (
    <dl className="decision-summary">
      {record.score !== null && (
        <>
          <dt>{t("score")}</dt>
          <dd data-testid="score">{record.score}</dd>
        </>
      )}
      {explanation?.grade.scoreGrade && (
        <>
          <dt>{t("scoreGrade")}</dt>
          <dd>{explanation.grade.scoreGrade}</dd>
        </>
      )}
      <dt>{t("grade")}</dt>
      <dd className="grade" data-testid="grade">
        {record.grade ?? "—"}
      </dd>
      <dt>{t("limit")}</dt>
      <dd>{record.limit ?? "—"}</dd>
      <dt>{t("termDays")}</dt>
      <dd>{record.termDays ?? "—"}</dd>
      <dt>{t("frozen")}</dt>
      <dd>{record.frozen ? t("yes") : t("no")}</dd>
      {record.gradeReasons.length > 0 && (
        <>
          <dt>{t("caps")}</dt>
          <dd>{record.gradeReasons.join(", ")}</dd>
        </>
      )}
    </dl>
  );
}
