// Adding an environment: the platform (a preset or custom URLs), a name, the API client and
// optionally a user. The Rust side signs in once with the secrets and, only then, saves the
// environment with its secrets in the keychain; the form lets go of the secrets afterwards.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { Environment } from "../../lib/ipc/backend";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { TextField } from "../../shared/form/Field";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { PlatformFields, type Urls } from "./PlatformFields";
import { connectsVia, defaultName, type AddKind } from "./platforms";

type Secrets = { clientId: string; clientSecret: string; username: string; password: string };
const NO_SECRETS: Secrets = { clientId: "", clientSecret: "", username: "", password: "" };

export function AddEnvironmentForm({
  saved,
  disabled,
  onSignIn,
}: {
  saved: Environment[];
  disabled: boolean;
  onSignIn: (environment: string | null) => Promise<void>;
}) {
  const { t } = useTranslation("signIn");
  const backend = useBackend();
  const titleId = useId();
  const clientHintId = useId();
  const userHintId = useId();
  const presetsLoad = useLoadable(() => backend.environmentPresets(), [backend], { refreshOnCacheChange: false });
  // Presets that cannot be read: the administrator types the URLs.
  const presets = presetsLoad.state === "failed" ? [] : valueOr(presetsLoad, null);
  const [kind, setKind] = useState<AddKind>("acceptance");
  const [nameInput, setNameInput] = useState<string | null>(null);
  const [urls, setUrls] = useState<Urls>({ apiUrl: "", identityUrl: "" });
  const [secrets, setSecrets] = useState<Secrets>(NO_SECRETS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const name = nameInput ?? defaultName(kind, saved);
  const set = (patch: Partial<Secrets>) => setSecrets((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const connects = connectsVia(kind, presets);
    const target =
      connects.via === "typed"
        ? { apiUrl: urls.apiUrl.trim(), identityUrl: urls.identityUrl.trim() }
        : connects.via === "preset"
          ? { apiUrl: connects.preset.apiUrl, identityUrl: connects.preset.identityUrl }
          : null;
    if (busy || !target) return;
    setBusy(true);
    setFailure(null);
    try {
      const added = await backend.addEnvironment({
        name: name.trim(),
        kind,
        ...target,
        clientId: secrets.clientId.trim(),
        clientSecret: secrets.clientSecret,
        username: secrets.username.trim() || null,
        password: secrets.password || null,
      });
      // The keychain has them now; the form lets go of them.
      set({ clientSecret: "", password: "" });
      setBusy(false);
      await onSignIn(added.name);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  const optional = (label: string) => (
    <>
      {label} <span className="muted">{t("common:optional")}</span>
    </>
  );
  return (
    <form className="signin-add" data-testid="add-environment" aria-labelledby={titleId} aria-busy={busy} onSubmit={(event) => void submit(event)}>
      <h2 id={titleId}>{t("add.title")}</h2>
      <fieldset disabled={busy || disabled} className="signin-fieldset">
        <PlatformFields kind={kind} presets={presets} urls={urls} onKind={setKind} onUrls={setUrls} />
        <TextField
          label={t("add.name")}
          hint={t("add.nameHint")}
          testId="add-name"
          type="text"
          required
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          value={name}
          onValue={setNameInput}
        />
        <TextField
          label={t("add.clientId")}
          describedBy={clientHintId}
          testId="add-client-id"
          type="text"
          required
          autoComplete="off"
          spellCheck={false}
          value={secrets.clientId}
          onValue={(clientId) => set({ clientId })}
        />
        <TextField
          label={t("add.clientSecret")}
          describedBy={clientHintId}
          testId="add-client-secret"
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          value={secrets.clientSecret}
          onValue={(clientSecret) => set({ clientSecret })}
        />
        <p id={clientHintId} className="field-hint muted">
          {t("add.clientHint")}
        </p>
        <TextField
          label={optional(t("add.username"))}
          describedBy={userHintId}
          testId="add-username"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={secrets.username}
          onValue={(username) => set({ username })}
        />
        <TextField
          label={optional(t("add.password"))}
          describedBy={userHintId}
          testId="add-password"
          type="password"
          autoComplete="off"
          value={secrets.password}
          onValue={(password) => set({ password })}
        />
        <p id={userHintId} className="field-hint muted">
          {t("add.userHint")}
        </p>
        <p className="signin-secrets-note">{t("add.secretsNote")}</p>
        {failure !== null && <FailureText error={failure} className="signin-alert" testId="add-environment-error" />}
        <div className="signin-submit">
          <button type="submit" className="button-primary" data-testid="add-submit">
            {busy ? t("signingIn") : t("add.submit")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
