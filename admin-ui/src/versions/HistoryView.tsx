/** Version history with author, publisher, dates and hash; approvers roll back from here. */
import { useState } from "react";
import { api } from "../api/client.js";
import type { Permissions } from "../auth/roles.js";
import { useI18n } from "../i18n/i18n.js";
import type { useRuleset } from "../rulesets/useRuleset.js";
import { navigate, rulesetUrl } from "../app/router.js";

function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : "—";
}

export function HistoryView({ ruleset, permissions }: { ruleset: ReturnType<typeof useRuleset>; permissions: Permissions }) {
  const { t } = useI18n();
  const { state } = ruleset;
  const [message, setMessage] = useState<string | null>(null);
  const info = state.info!;

  async function rollback(version: number) {
    if (!window.confirm(t("rollbackConfirm", { version }))) return;
    try {
      const published = await api.post<{ version: number }>(`${ruleset.path}/rollback`, { version });
      setMessage(t("rolledBack", { version: published.version }));
      await ruleset.reload();
    } catch (error) {
      setMessage(t("error", { message: (error as Error).message }));
    }
  }

  return (
    <section className="page history" data-testid="history">
      <h2>{t("history")}</h2>
      {message && <p role="status">{message}</p>}
      <table>
        <thead>
          <tr>
            <th>{t("version")}</th>
            <th>{t("author")}</th>
            <th>{t("publisher")}</th>
            <th>{t("createdAt")}</th>
            <th>{t("publishedAt")}</th>
            <th>{t("hash")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {state.versions.map((v) => (
            <tr key={v.version} className={v.version === info.publishedVersion ? "current" : ""}>
              <td>
                v{v.version} {v.version === info.publishedVersion && <span className="tag">{t("published")}</span>}
                {v.rolledBackFrom ? <span className="muted"> ← v{v.rolledBackFrom}</span> : null}
              </td>
              <td>{v.author ?? "—"}</td>
              <td>{v.publisher ?? "—"}</td>
              <td>{when(v.createdAt)}</td>
              <td>{when(v.publishedAt)}</td>
              <td>
                <code title={v.sha256}>{v.sha256.slice(0, 12)}</code>
              </td>
              <td>
                <button type="button" onClick={() => navigate(`${rulesetUrl(info.businessUnit, info.name, "compare")}?from=${v.version}&to=draft`)}>
                  {t("compare")}
                </button>{" "}
                {permissions.publish && v.version !== info.publishedVersion && (
                  <button type="button" onClick={() => void rollback(v.version)} data-testid={`rollback-${v.version}`}>
                    {t("rollback")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
