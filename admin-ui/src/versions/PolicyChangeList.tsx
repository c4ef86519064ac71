import { useI18n } from "../i18n/i18n.js";
import type { PolicyChange } from "./policy-changes.js";

export function PolicyChangeList({ changes }: { changes: PolicyChange[] }) {
  const { t } = useI18n();
  return (
    <section className="policy-changes" data-testid="policy-changes">
      <h3>{t("summaryTitle")}</h3>
      {changes.length === 0 && <p className="muted">{t("noPolicyChanges")}</p>}
      <ul>
        {changes.map((c, i) => (
          <li key={i} className={`change ${c.change}`}>
            <span className="tag">{c.area}</span> <b>{c.subject}</b> <span className="tag">{c.change}</span>{" "}
            {c.before !== null && <del>{c.before}</del>} {c.before !== null && c.after !== null && "→"} {c.after !== null && <ins>{c.after}</ins>}
          </li>
        ))}
      </ul>
    </section>
  );
}
