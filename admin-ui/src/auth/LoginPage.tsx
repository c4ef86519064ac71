import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n/i18n.js";
import { LanguageSwitch } from "../app/LanguageSwitch.js";
import { useSession } from "./session.js";

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (e) {
      setError(t("signInFailed", { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-box" onSubmit={submit} aria-label={t("signIn")}>
        <h1>{t("appTitle")}</h1>
        <label>
          {t("username")}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t("password")}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("signIn")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
