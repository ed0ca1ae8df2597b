import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { useSession } from "../../app/session";
import { setLanguage, type Language } from "../../i18n";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type LocalSandbox } from "../../lib/ipc/backend";
import { useAppInfo } from "../../shared/useAppInfo";
import { THEMES, savedTheme, setTheme, type Theme } from "./theme";
import "./settings.css";

/** Each language named in itself, so that anyone can find their own. */
const LANGUAGE_NAMES: Record<Language, string> = { en: "English", nl: "Nederlands" };

export function SettingsScreen() {
  const { t } = useTranslation("settings");
  const { session } = useSession();
  return (
    <section aria-labelledby="settings-title" className="screen settings">
      <h1 id="settings-title">{t("title")}</h1>
      <LanguageSection />
      <AppearanceSection />
      {session.kind === "local-sandbox" && <LocalSandboxSection />}
      <ShortcutsSection />
      <AboutSection />
    </section>
  );
}

function LanguageSection() {
  const { t, i18n } = useTranslation("settings");
  const id = useId();
  const current: Language = (i18n.resolvedLanguage ?? i18n.language).toLowerCase().startsWith("nl") ? "nl" : "en";
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("language.title")}</h2>
      <div className="settings-field">
        <label htmlFor={`${id}-select`}>{t("language.label")}</label>
        <select
          id={`${id}-select`}
          data-testid="language-select"
          value={current}
          aria-describedby={`${id}-hint`}
          onChange={(event) => void setLanguage(event.target.value as Language)}
        >
          {(Object.keys(LANGUAGE_NAMES) as Language[]).map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-hint`} className="muted settings-hint">
        {t("language.hint")}
      </p>
    </section>
  );
}

function AppearanceSection() {
  const { t } = useTranslation("settings");
  const id = useId();
  const [theme, setChosen] = useState<Theme>(savedTheme);
  const choose = (next: Theme) => {
    setChosen(next);
    setTheme(next);
  };
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("appearance.title")}</h2>
      <div className="settings-field">
        <label htmlFor={`${id}-select`}>{t("appearance.label")}</label>
        <select id={`${id}-select`} data-testid="theme-select" value={theme} onChange={(event) => choose(event.target.value as Theme)}>
          {THEMES.map((option) => (
            <option key={option} value={option}>
              {t(`appearance.${option}`)}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

type SandboxState = { state: "loading" } | { state: "ready"; value: LocalSandbox } | { state: "failed"; message: string; value?: LocalSandbox };

function LocalSandboxSection() {
  const { t } = useTranslation("settings");
  const backend = useBackend();
  const id = useId();
  const [status, setStatus] = useState<SandboxState>({ state: "loading" });
  const [busy, setBusy] = useState<"stop" | "start" | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.localSandboxStatus().then(
      (value) => !cancelled && setStatus({ state: "ready", value }),
      (error: unknown) => !cancelled && setStatus({ state: "failed", message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  const run = async (action: "stop" | "start") => {
    setBusy(action);
    try {
      const value = action === "stop" ? await backend.stopLocalSandbox() : await backend.startLocalSandbox();
      setStatus({ state: "ready", value });
    } catch (error) {
      setStatus((current) => ({
        state: "failed",
        message: errorMessage(error),
        ...(current.state !== "loading" && current.value ? { value: current.value } : {}),
      }));
    } finally {
      setBusy(null);
    }
  };

  const sandbox = status.state === "loading" ? undefined : status.value;
  const statusText =
    busy === "stop"
      ? t("sandbox.stopping")
      : busy === "start"
        ? t("sandbox.starting")
        : !sandbox
          ? status.state === "loading"
            ? t("common:loading")
            : "—"
          : sandbox.running
            ? sandbox.baseUrl
              ? t("sandbox.running", { url: sandbox.baseUrl })
              : t("sandbox.runningNoUrl")
            : t("sandbox.stopped");

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`} data-testid="sandbox-settings">
      <h2 id={`${id}-title`}>{t("sandbox.title")}</h2>
      <p className="muted">{t("sandbox.lead")}</p>
      <dl className="facts">
        <dt>{t("sandbox.status")}</dt>
        <dd>
          <span
            role="status"
            data-testid="sandbox-status"
            className={`sandbox-status ${sandbox?.running ? "sandbox-running" : "sandbox-stopped"}`}
          >
            {statusText}
          </span>
        </dd>
        {sandbox && (
          <>
            <dt>{t("sandbox.outbox")}</dt>
            <dd>
              <span className="path" data-testid="sandbox-outbox">
                {sandbox.outboxDir}
              </span>
              <br />
              <span className="muted settings-hint">{t("sandbox.outboxHint")}</span>
            </dd>
          </>
        )}
      </dl>
      {status.state === "failed" && (
        <p role="alert" className="error-text">
          {status.message}
        </p>
      )}
      <p id={`${id}-stop-hint`} className="muted settings-hint">
        {t("sandbox.stopHint")}
      </p>
      <div className="settings-actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="sandbox-stop"
          aria-describedby={`${id}-stop-hint`}
          disabled={busy !== null || sandbox?.running === false}
          onClick={() => void run("stop")}
        >
          {t("sandbox.stop")}
        </button>
        <button
          type="button"
          className="button-secondary"
          data-testid="sandbox-start"
          disabled={busy !== null || sandbox?.running === true}
          onClick={() => void run("start")}
        >
          {t("sandbox.start")}
        </button>
      </div>
    </section>
  );
}

function ShortcutsSection() {
  const { t } = useTranslation("settings");
  const id = useId();
  const rows: [string, string][] = [
    ["N", t("shortcuts.newInvitation")],
    ["/", t("shortcuts.search")],
    ["Alt+1 … 5", t("shortcuts.screens")],
    ["?", t("shortcuts.all")],
  ];
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("shortcuts.title")}</h2>
      <table className="settings-shortcuts">
        <tbody>
          {rows.map(([keys, action]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AboutSection() {
  const { t } = useTranslation("settings");
  const id = useId();
  const info = useAppInfo();
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("about.title")}</h2>
      {info.state === "loading" && <p className="muted">{t("common:loading")}</p>}
      {info.state === "failed" && (
        <p role="alert" className="error-text">
          {info.message}
        </p>
      )}
      {info.state === "ready" && (
        <dl className="facts" data-testid="about-facts">
          <dt>{t("about.product")}</dt>
          <dd>{info.value.productName}</dd>
          <dt>{t("about.version")}</dt>
          <dd>{info.value.version}</dd>
          <dt>{t("about.config")}</dt>
          <dd className="path">{info.value.configDir}</dd>
          <dt>{t("about.data")}</dt>
          <dd className="path">{info.value.dataDir}</dd>
          <dt>{t("about.logs")}</dt>
          <dd className="path">{info.value.logDir}</dd>
        </dl>
      )}
    </section>
  );
}
