/** The rulesets of the business units the user belongs to (the server lists only those). */
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import type { RulesetSummary } from "../api/types.js";
import { IMPORT_URL, navigate, rulesetUrl } from "../app/router.js";
import { can, roleIn } from "../auth/roles.js";
import { useUser } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";

export function RulesetList() {
  const { t } = useI18n();
  const user = useUser();
  const [rulesets, setRulesets] = useState<RulesetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<RulesetSummary[]>("/rulesets").then(setRulesets, (e: Error) => setError(e.message));
  }, []);

  if (error) return <p className="page error">{t("error", { message: error })}</p>;
  if (!rulesets) return <p className="page">{t("loading")}</p>;
  const units = [...new Set(rulesets.map((r) => r.businessUnit))].sort();
  return (
    <main className="page ruleset-list">
      <h1>{t("rulesets")}</h1>
      {user.memberships.some((m) => can(user, m.businessUnit, "author")) && (
        <p>
          <a
            href={IMPORT_URL}
            data-testid="import-rules"
            onClick={(e) => {
              e.preventDefault();
              navigate(IMPORT_URL);
            }}
          >
            {t("importRules")}
          </a>
        </p>
      )}
      {units.length === 0 && <p>{t("noRulesets")}</p>}
      {units.map((unit) => (
        <section key={unit} data-testid={`unit-${unit}`}>
          <h2>
            {t("businessUnit")}: {unit} <small>{t("yourRole", { role: roleIn(user, unit) ?? "-" })}</small>
          </h2>
          <table>
            <thead>
              <tr>
                <th>{t("rulesets")}</th>
                <th>{t("published")}</th>
                <th>{t("draft")}</th>
              </tr>
            </thead>
            <tbody>
              {rulesets
                .filter((r) => r.businessUnit === unit)
                .map((r) => (
                  <tr key={r.name}>
                    <td>
                      <a
                        href={rulesetUrl(unit, r.name)}
                        data-testid={`open-${r.name}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(rulesetUrl(unit, r.name));
                        }}
                      >
                        {r.name}
                      </a>
                      {r.label && <span className="label"> {r.label}</span>}
                    </td>
                    <td>{r.publishedVersion === null ? "-" : `v${r.publishedVersion}`}</td>
                    <td>{r.hasDraft ? t("hasDraft") : t("noDraft")}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
