/**
 * The test panel beside the editor: customers pasted or uploaded, stored test cases and the
 * ruleset's own tests, all decided in the browser by the draft as it is being typed, each
 * decision explainable; expected vs actual for test cases with failures highlighted.
 */
import { useCallback, useEffect, useMemo, useState, type ChangeEvent } from "react";
import type { EvaluationRecord, TestResult } from "../../../engine/index.js";
import { isErrorRecord } from "../../../engine/index.js";
import { compareExpected, type Mismatch } from "../../../server/evaluation/expectations.js";
import { api, ApiError } from "../api/client.js";
import { toEngineFacts } from "../api/exact-json.js";
import type { StoredTestCase, TestRun } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { policyWorker } from "../worker/policy-client.js";
import { factsForStorage, readCustomers, type Customer } from "./customers.js";
import { DecisionView } from "./DecisionView.js";
import { expectedOutcome } from "./expected-outcome.js";
import { useDecisions } from "./useDecisions.js";

export interface TestPanelProps {
  rulesetPath: string;
  source: string;
  publishedSource: string | null;
  compiles: boolean;
  canTest: boolean;
  customers: Customer[];
  onCustomers(customers: Customer[]): void;
  selected: number | null;
  onSelect(key: number | null): void;
  boolInputs: ReadonlySet<string>;
  onJump(line: number): void;
  /** Bumped by the run-tests shortcut. */
  runSignal: number;
}

interface StoredResult {
  testCase: StoredTestCase;
  record: EvaluationRecord;
  mismatches: Mismatch[];
}

export function TestPanel(props: TestPanelProps) {
  const { t } = useI18n();
  const { source, compiles, customers } = props;
  const decisions = useDecisions(source, props.publishedSource, customers, compiles);
  const [paste, setPaste] = useState("");
  const [readProblems, setReadProblems] = useState<string[]>([]);
  const [stored, setStored] = useState<StoredTestCase[]>([]);
  const [storedResults, setStoredResults] = useState<StoredResult[] | null>(null);
  const [sourceTests, setSourceTests] = useState<Omit<TestResult, "record">[] | null>(null);
  const [serverRun, setServerRun] = useState<TestRun | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const loadStored = useCallback(() => {
    api.get<StoredTestCase[]>(`${props.rulesetPath}/tests`, { exactResponse: true }).then(setStored, (e: Error) => setMessage(e.message));
  }, [props.rulesetPath]);
  useEffect(loadStored, [loadStored]);

  // Stored cases and the ruleset's own tests follow the draft as it changes.
  useEffect(() => {
    if (!compiles) return;
    let live = true;
    const timer = setTimeout(() => {
      void policyWorker.call("runTests", { source }).then((r) => live && setSourceTests(r.tests));
      if (stored.length === 0) {
        setStoredResults([]);
        return;
      }
      void policyWorker
        .call("evaluate", { source, customers: stored.map((c) => ({ facts: toEngineFacts(c.facts), textual: false })), explain: true })
        .then((r) => {
          if (!live || !r.records) return;
          setStoredResults(r.records.map((record, i) => ({ testCase: stored[i], record, mismatches: compareExpected(stored[i].expected, record) })));
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [source, compiles, stored, props.runSignal]);

  function load(text: string, fileName?: string) {
    const { customers: read, problems } = readCustomers(text, fileName);
    setReadProblems(problems.map((p) => `${p.line}: ${p.message}`));
    props.onCustomers(read);
    props.onSelect(read.length > 0 ? 0 : null);
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    load(await file.text(), file.name);
    event.target.value = "";
  }

  async function runOnServer() {
    setMessage(null);
    try {
      setServerRun(await api.post<TestRun>(`${props.rulesetPath}/tests/run?version=draft`));
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  const selectedCustomer = customers.find((c) => c.key === props.selected) ?? null;
  const selectedRecord = selectedCustomer && decisions.draft ? decisions.draft[selectedCustomer.key] : null;
  const [selectedCase, setSelectedCase] = useState<number | null>(null);
  const caseResult = storedResults?.find((r) => r.testCase.id === selectedCase) ?? null;

  async function saveAsTest() {
    if (!selectedCustomer || !selectedRecord || isErrorRecord(selectedRecord)) return;
    const name = window.prompt(t("testCaseName"), selectedCustomer.id ?? `customer ${selectedCustomer.key + 1}`);
    if (!name) return;
    try {
      await api.post(`${props.rulesetPath}/tests`, { name, facts: factsForStorage(selectedCustomer, props.boolInputs), expected: expectedOutcome(selectedRecord) }, { exact: true });
      setMessage(t("testSaved"));
      loadStored();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  }

  const failing = (storedResults ?? []).filter((r) => r.mismatches.length > 0).length + (sourceTests ?? []).filter((x) => !x.passed).length;
  const total = (storedResults ?? []).length + (sourceTests ?? []).length;

  return (
    <aside className="test-panel" data-testid="test-panel">
      <h3>
        {t("testPanel")}{" "}
        {compiles && total > 0 && (
          <span className={failing > 0 ? "badge bad" : "badge good"} data-testid="test-summary">
            {total - failing} {t("passed")} · {failing} {t("failed")}
          </span>
        )}
      </h3>
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
      <details open={sourceTests !== null && sourceTests.length > 0}>
        <summary>
          {t("sourceTests")} ({sourceTests?.length ?? 0})
        </summary>
        <ul className="test-list">
          {(sourceTests ?? []).map((x) => (
            <li key={`${x.name}:${x.line}`} className={x.passed ? "pass" : "fail"}>
              <button type="button" className="line-link" onClick={() => props.onJump(x.line)}>
                {x.passed ? "✓" : "✗"} {x.name}
              </button>
              {x.failures.map((f, i) => (
                <div key={i} className="failure">
                  {f}
                </div>
              ))}
            </li>
          ))}
        </ul>
      </details>
      <details open>
        <summary>
          {t("storedTests")} ({stored.length})
        </summary>
        <ul className="test-list" data-testid="stored-tests">
          {(storedResults ?? []).map((r) => (
            <li key={r.testCase.id} className={r.mismatches.length === 0 ? "pass" : "fail"}>
              <button type="button" onClick={() => setSelectedCase(selectedCase === r.testCase.id ? null : r.testCase.id)}>
                {r.mismatches.length === 0 ? "✓" : "✗"} {r.testCase.name}
              </button>
              {r.mismatches.length > 0 && (
                <table className="mismatches">
                  <thead>
                    <tr>
                      <th />
                      <th>{t("expected")}</th>
                      <th>{t("actual")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.mismatches.map((m, i) => (
                      <tr key={i}>
                        <td>{m.path || "·"}</td>
                        <td>{JSON.stringify(m.expected)}</td>
                        <td className="bad">{JSON.stringify(m.actual)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
        {caseResult && <DecisionView record={caseResult.record} onJump={props.onJump} />}
        {props.canTest && (
          <p>
            <button type="button" onClick={() => void runOnServer()}>
              {t("runTestsOnServer")}
            </button>{" "}
            {serverRun && (
              <span data-testid="server-run">
                v{serverRun.version}: {serverRun.passed} {t("passed")} · {serverRun.failed} {t("failed")}
              </span>
            )}
          </p>
        )}
      </details>
      <details open>
        <summary>
          {t("customers")} ({customers.length})
        </summary>
        <div className="customer-input">
          <label className="upload">
            {t("uploadCustomers")} <input type="file" accept=".jsonl,.json,.csv,.txt" onChange={(e) => void upload(e)} data-testid="upload-customers" />
          </label>
          <textarea value={paste} onChange={(e) => setPaste(e.target.value)} placeholder={t("pasteCustomers")} rows={3} spellCheck={false} />
          <button type="button" onClick={() => load(paste)} disabled={paste.trim() === ""}>
            {t("loadCustomers")}
          </button>
          {readProblems.length > 0 && (
            <ul className="read-problems">
              {readProblems.slice(0, 5).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
        {customers.length > 0 && <CustomerTable {...props} decisions={decisions.draft} published={decisions.published} stale={decisions.stale} />}
      </details>
      {selectedCustomer && selectedRecord && (
        <section className="selected-decision">
          <h4>
            {selectedCustomer.id} {selectedCustomer.name}{" "}
            {props.canTest && !isErrorRecord(selectedRecord) && (
              <button type="button" onClick={() => void saveAsTest()} data-testid="save-as-test">
                {t("saveAsTest")}
              </button>
            )}
          </h4>
          <DecisionView record={selectedRecord} onJump={props.onJump} />
        </section>
      )}
      {!compiles && <p className="muted">{t("noDecision")}</p>}
    </aside>
  );
}

function CustomerTable(props: TestPanelProps & { decisions: EvaluationRecord[] | null; published: EvaluationRecord[] | null; stale: boolean }) {
  const { t } = useI18n();
  const rows = useMemo(() => props.customers, [props.customers]);
  return (
    <table className={`customers ${props.stale ? "stale" : ""}`} data-testid="customer-results">
      <thead>
        <tr>
          <th>{t("customer")}</th>
          <th>{t("grade")}</th>
          <th>{t("score")}</th>
          <th>{t("limit")}</th>
          <th>{t("warnings")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const r = props.decisions?.[c.key];
          const before = props.published?.[c.key];
          const gradeBefore = before && !isErrorRecord(before) ? before.grade : null;
          const changed = r && !isErrorRecord(r) && before && gradeBefore !== r.grade;
          return (
            <tr
              key={c.key}
              className={`${props.selected === c.key ? "selected" : ""} ${r && isErrorRecord(r) ? "error" : ""} ${changed ? "changed" : ""}`}
              onClick={() => props.onSelect(c.key)}
              data-testid={`customer-${c.id ?? c.key}`}
            >
              <td title={c.name ?? ""}>{c.id ?? `#${c.key + 1}`}</td>
              {r && isErrorRecord(r) ? (
                <td colSpan={4} className="bad">
                  {r.error.code}: {r.error.message}
                </td>
              ) : r ? (
                <>
                  <td className="grade-cell" data-testid="grade-cell">
                    {changed && <span className="was">{gradeBefore ?? "—"} → </span>}
                    {r.grade ?? "—"}
                  </td>
                  <td>{r.score ?? "—"}</td>
                  <td>{r.limit ?? "—"}</td>
                  <td>{r.warnings.map((w) => w.code).join(", ")}</td>
                </>
              ) : (
                <td colSpan={4} />
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
