import { LoginPage } from "../auth/LoginPage.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ImportPage } from "../import/ImportPage.js";
import { RulesetList } from "../rulesets/RulesetList.js";
import { Workspace } from "../rulesets/Workspace.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { matchRoute, navigate, usePath } from "./router.js";

export function App() {
  const { user, checking, signOut } = useSession();
  const { t } = useI18n();
  const path = usePath();
  if (checking) return <p className="loading">{t("loading")}</p>;
  if (!user) return <LoginPage />;
  const route = matchRoute(path);
  return (
    <div className="shell">
      <header className="topbar">
        <a
          className="brand"
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate("/");
          }}
        >
          {t("appTitle")}
        </a>
        <span className="spacer" />
        <LanguageSwitch />
        <span className="who" data-testid="current-user">
          {user.username}
        </span>
        <button type="button" onClick={() => void signOut()}>
          {t("signOut")}
        </button>
      </header>
      {route.page === "list" && <RulesetList />}
      {route.page === "import" && <ImportPage user={user} />}
      {route.page === "ruleset" && <Workspace key={`${route.businessUnit}/${route.name}`} businessUnit={route.businessUnit} name={route.name} tab={route.tab} />}
      {route.page === "not-found" && <p className="page">{t("notFound")}</p>}
    </div>
  );
}
