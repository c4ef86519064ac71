/**
 * Importing json-rules-engine rules as a new ruleset: pick or paste the file, review the
 * converted text and the importer's report, name the ruleset, create it, and land in the editor
 * on its first draft. Only units where the user may author are offered; the server checks again.
 */
import { useEffect, useMemo, useState, type ChangeEvent } from "react";
import { api, ApiError } from "../api/client.js";
import type { RulesetSummary, User } from "../api/types.js";
import { navigate, rulesetUrl } from "../app/router.js";
import { can } from "../auth/roles.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages.js";
import type { ImportIssue } from "../../../interop/json-rules-engine/import.js";
import { refusalReport } from "../../../interop/json-rules-engine/import-report.js";
import { nameProblem, previewImport, suggestName, type NameProblem } from "./import-preview.js";

const nameMessage: Record<NameProblem, MessageKey> = {
  required: "importNameRequired",
  format: "importNameFormat",
  header: "importNameHeader",
  taken: "importNameTaken",
};

export function importPath(businessUnit: string): string {
  return `/business-units/${encodeURIComponent(businessUnit)}/imports/json-rules-engine`;
}

export function ImportPage({ user }: { user: User }) {
  const { t } = useI18n();
  const units = useMemo(() => user.memberships.filter((m) => can(user, m.businessUnit, "author")).map((m) => m.businessUnit).sort(), [user]);
  const [unit, setUnit] = useState(units[0] ?? "");
  const [taken, setTaken] = useState<Record<string, string[]>>({});
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string[] | null>(null);

  useEffect(() => {
    api.get<RulesetSummary[]>("/rulesets").then(
      (list) => {
        const byUnit: Record<string, string[]> = {};
        for (const r of list) (byUnit[r.businessUnit] ??= []).push(r.name);
        setTaken(byUnit);
      },
      (e: Error) => setCreateError([t("error", { message: e.message })]),
    );
  }, [t]);

  const label = fileName ?? t("importPasted");
  const takenHere = taken[unit] ?? [];
  const preview = useMemo(() => previewImport(text, label, name), [text, label, name]);
  const problem = nameProblem(name, takenHere);

  function suggestFrom(file: string) {
    if (!nameEdited) setName(suggestName(file, takenHere));
  }

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setFileName(file.name);
    setCreateError(null);
    suggestFrom(file.name);
  }

  async function create() {
    if (preview.kind !== "ready" || problem !== null) return;
    setCreating(true);
    setCreateError(null);
    try {
      await api.post(importPath(unit), { name, rules: preview.rules }, { exact: true });
      navigate(rulesetUrl(unit, name));
    } catch (error) {
      setCreating(false);
      if (error instanceof ApiError && error.code === "import_refused" && Array.isArray(error.details.issues)) {
        setCreateError(refusalReport(label, error.details.issues as ImportIssue[]));
      } else {
        if (error instanceof ApiError && error.status === 409) setTaken((all) => ({ ...all, [unit]: [...(all[unit] ?? []), name] }));
        setCreateError([t("error", { message: (error as Error).message })]);
      }
    }
  }

  return (
    <main className="page import-page" data-testid="import-page">
      <button type="button" className="link" onClick={() => navigate("/")}>
        ← {t("back")}
      </button>
      <h1>{t("importTitle")}</h1>
      {units.length === 0 ? (
        <p className="error">{t("importNoUnits")}</p>
      ) : (
        <>
          <p className="muted">{t("importIntro")}</p>
          <div className="import-form">
            <label>
              {t("businessUnit")}{" "}
              <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="import-unit">
                {units.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </label>
            <label className="upload">
              {t("importFile")} <input type="file" accept=".json,application/json" onChange={(e) => void pick(e)} data-testid="import-file" />
            </label>
            <textarea
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(null);
                setCreateError(null);
              }}
              placeholder={t("importPaste")}
              aria-label={t("importPaste")}
              rows={8}
              spellCheck={false}
              data-testid="import-paste"
            />
            <label>
              {t("importName")}{" "}
              <input
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameEdited(true);
                  setCreateError(null);
                }}
                spellCheck={false}
                data-testid="import-name"
              />
            </label>
            {problem !== null && (preview.kind === "ready" || name !== "") && (
              <p className="error" data-testid="import-name-problem">
                {t(nameMessage[problem], { unit, name })}
              </p>
            )}
          </div>

          <section className="import-report">
            <h2>{t("importReport")}</h2>
            {preview.kind === "empty" && <p className="muted">{t("importEmpty")}</p>}
            {preview.kind === "ready" && <p data-testid="import-clean">{t("importClean")}</p>}
            {(preview.kind === "refused" || preview.kind === "unreadable") && (
              <>
                <p className="error">{t("importRefused")}</p>
                <ul className="report-lines" data-testid="import-report">
                  {preview.report.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </>
            )}
          </section>

          {preview.kind === "ready" && (
            <section className="import-preview">
              <h2>{t("importPreview")}</h2>
              <pre data-testid="import-source">{preview.source}</pre>
            </section>
          )}

          <div className="import-actions">
            <button type="button" className="primary" onClick={() => void create()} disabled={creating || preview.kind !== "ready" || problem !== null} data-testid="import-create">
              {creating ? t("importCreating") : t("importCreate")}
            </button>
          </div>
          {createError && (
            <ul className="error report-lines" data-testid="import-error">
              {createError.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  );
}
