/** The problems beside the editor; clicking one moves the cursor to it. */
import type { Diagnostic } from "../../../engine/index.js";
import { useI18n } from "../i18n/i18n.js";

export function ProblemsList({ diagnostics, onPick }: { diagnostics: Diagnostic[]; onPick(d: Diagnostic): void }) {
  const { t } = useI18n();
  return (
    <section className="problems" aria-label={t("problems")} data-testid="problems">
      <h3>
        {t("problems")} <span className="count">{diagnostics.length}</span>
      </h3>
      {diagnostics.length === 0 && <p className="muted">{t("noProblems")}</p>}
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i} className={`problem ${d.severity}`}>
            <button type="button" onClick={() => onPick(d)} data-testid="problem">
              <span className="where">
                {d.span.line}:{d.span.column}
              </span>{" "}
              <span className="severity">{d.severity}</span> <code>{d.code}</code> <span className="message">{d.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
