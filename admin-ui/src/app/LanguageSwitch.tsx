import { useI18n } from "../i18n/i18n.js";

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="language-switch">
      {t("language")}{" "}
      <select value={locale} onChange={(e) => setLocale(e.target.value === "zh" ? "zh" : "en")} data-testid="language">
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
