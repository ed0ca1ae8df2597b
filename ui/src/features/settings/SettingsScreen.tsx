import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useSession } from "../../app/session";
import { setLanguage, type Language } from "../../i18n";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { LocalSandbox } from "../../lib/ipc/backend";
import { ErrorNotice, FailureText } from "../../shared/errors/ErrorNotice";
import { Field } from "../../shared/form/Field";
import { Options } from "../../shared/form/Options";
import { LoadStatus } from "../../shared/LoadStatus";
import { ShortcutTable } from "../../shared/ShortcutTable";
import { useAppInfo } from "../../shared/useAppInfo";
import { useLoadable } from "../../shared/useLoadable";
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

/** One section of Settings, labelled by its heading. */
function SettingsSection({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function LanguageSection() {
  const { t, i18n } = useTranslation("settings");
  const current: Language = (i18n.resolvedLanguage ?? i18n.language).toLowerCase().startsWith("nl") ? "nl" : "en";
  return (
    <SettingsSection title={t("language.title")}>
      <Field label={t("language.label")} hint={t("language.hint")} className="settings-field">
        {(control) => (
          <select {...control} data-testid="language-select" value={current} onChange={(event) => void setLanguage(event.target.value as Language)}>
            {(Object.keys(LANGUAGE_NAMES) as Language[]).map((language) => (
              <option key={language} value={language} lang={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </SettingsSection>
  );
}

function AppearanceSection() {
  const { t } = useTranslation("settings");
  const [theme, setChosen] = useState<Theme>(savedTheme);
  const choose = (next: Theme) => {
    setChosen(next);
    setTheme(next);
  };
  return (
    <SettingsSection title={t("appearance.title")}>
      <Field label={t("appearance.label")} className="settings-field">
        {(control) => (
          <select {...control} data-testid="theme-select" value={theme} onChange={(event) => choose(event.target.value as Theme)}>
            <Options items={THEMES} label={(option) => t(`appearance.${option}`)} />
          </select>
        )}
      </Field>
    </SettingsSection>
  );
}

function LocalSandboxSection() {
  const { t } = useTranslation("settings");
  const backend = useBackend();
  const id = useId();
  const status = useLoadable(() => backend.localSandboxStatus(), [backend], { refreshOnCacheChange: false });
  // What Stop or Start answered is newer than the status read before it.
  const [after, setAfter] = useState<{ read: LocalSandbox | null; value: LocalSandbox } | null>(null);
  const [busy, setBusy] = useState<"stop" | "start" | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const read = status.state === "ready" ? status.value : null;

  const run = async (action: "stop" | "start") => {
    setBusy(action);
    setFailure(null);
    try {
      const value = action === "stop" ? await backend.stopLocalSandbox() : await backend.startLocalSandbox();
      setAfter({ read, value });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const sandbox = after && after.read === read ? after.value : (read ?? undefined);
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
    <SettingsSection title={t("sandbox.title")} testId="sandbox-settings">
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
      {status.state === "failed" && <ErrorNotice title={t("sandbox.loadFailed")} error={status.error} onRetry={status.reload} />}
      {failure !== null && <FailureText error={failure} />}
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
    </SettingsSection>
  );
}

function ShortcutsSection() {
  const { t } = useTranslation("settings");
  const rows: [string, string][] = [
    ["N", t("shortcuts.newInvitation")],
    ["/", t("shortcuts.search")],
    ["Alt+1 … 5", t("shortcuts.screens")],
    ["?", t("shortcuts.all")],
  ];
  return (
    <SettingsSection title={t("shortcuts.title")}>
      <ShortcutTable rows={rows} />
    </SettingsSection>
  );
}

function AboutSection() {
  const { t } = useTranslation("settings");
  const info = useAppInfo();
  return (
    <SettingsSection title={t("about.title")}>
      <LoadStatus load={info} failedTitle={t("about.loadFailed")} />
      {info.state === "ready" && (
        <dl className="facts" data-testid="about-facts">
          <dt>{t("about.product")}</dt>
          <dd>{info.value.productName}</dd>
          <dt>{t("about.version")}</dt>
          <dd data-testid="about-version">{t("about.versionCommit", { version: info.value.version, commit: info.value.commit })}</dd>
          <dt>{t("about.config")}</dt>
          <dd className="path">{info.value.configDir}</dd>
          <dt>{t("about.data")}</dt>
          <dd className="path">{info.value.dataDir}</dd>
          <dt>{t("about.logs")}</dt>
          <dd className="path">{info.value.logDir}</dd>
        </dl>
      )}
    </SettingsSection>
  );
}
