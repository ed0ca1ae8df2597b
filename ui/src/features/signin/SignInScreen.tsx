import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type Environment, type EnvironmentKindView, type Preset } from "../../lib/ipc/backend";
import { ProductMark } from "../../shared/ProductMark";
import { useDialog } from "../../shared/useDialog";
import "./signin.css";

type Props = { error?: string | undefined; onSignIn: (environment: string | null) => Promise<void> };

/** What the busy sign-in is for: the Local sandbox, or a saved environment by name. */
const LOCAL = Symbol("local sandbox");
type Busy = typeof LOCAL | string | null;

/** The sign-in screen: the Local sandbox, the saved environments, and adding one. */
export function SignInScreen({ error, onSignIn }: Props) {
  const { t } = useTranslation("signIn");
  const backend = useBackend();
  const [saved, setSaved] = useState<Environment[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState<Busy>(null);

  useEffect(() => {
    let cancelled = false;
    backend.listEnvironments().then(
      (environments) => {
        if (cancelled) return;
        setSaved(environments);
        setListError(null);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setSaved([]);
        setListError(errorMessage(failure));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, reload]);

  const signIn = async (target: typeof LOCAL | string) => {
    setBusy(target);
    try {
      await onSignIn(target === LOCAL ? null : target);
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="signin" id="main">
      <div className="signin-card-stack">
        <header className="signin-header">
          <ProductMark size={56} />
          <h1>{t("title")}</h1>
          <p className="muted">{t("lead")}</p>
        </header>

        {error && (
          <p role="alert" className="signin-alert" data-testid="signin-error">
            {error}
          </p>
        )}

        <section aria-label={t("environments")} className="signin-environments">
          <button
            type="button"
            className="signin-option signin-local"
            data-testid="signin-local-sandbox"
            disabled={busy !== null}
            aria-busy={busy === LOCAL}
            onClick={() => void signIn(LOCAL)}
          >
            <span className="signin-option-title">
              {t("localSandbox.title")}
              <span className="environment-badge environment-local-sandbox">{t("common:environment.notReal")}</span>
            </span>
            <span className="signin-option-text">{busy === LOCAL ? t("signingIn") : t("localSandbox.description")}</span>
          </button>

          <SavedEnvironments
            saved={saved}
            listError={listError}
            busy={busy}
            onSignIn={(name) => void signIn(name)}
            onRemoved={() => setReload((n) => n + 1)}
          />
        </section>

        <AddEnvironmentForm saved={saved ?? []} disabled={busy !== null} onSignIn={onSignIn} />
      </div>
    </main>
  );
}

function SavedEnvironments({
  saved,
  listError,
  busy,
  onSignIn,
  onRemoved,
}: {
  saved: Environment[] | null;
  listError: string | null;
  busy: Busy;
  onSignIn: (name: string) => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation("signIn");
  const id = useId();
  const [removing, setRemoving] = useState<Environment | null>(null);
  return (
    <div className="signin-saved" aria-labelledby={`${id}-title`} role="group">
      <h2 id={`${id}-title`}>{t("saved.title")}</h2>
      {saved === null && <p className="muted">{t("common:loading")}</p>}
      {listError && <p className="error-text">{listError}</p>}
      {saved !== null && saved.length === 0 && !listError && <p className="muted signin-empty">{t("saved.empty")}</p>}
      {saved !== null && saved.length > 0 && (
        <ul className="signin-saved-list">
          {saved.map((environment) => (
            <li key={environment.name} className={`signin-saved-item signin-kind-${environment.kind}`}>
              <button
                type="button"
                className="signin-option"
                data-testid="signin-saved"
                data-name={environment.name}
                data-kind={environment.kind}
                disabled={busy !== null}
                aria-busy={busy === environment.name}
                aria-label={`${t("saved.signIn", { name: environment.name })}, ${t(`common:environment.${environment.kind}`)}`}
                onClick={() => onSignIn(environment.name)}
              >
                <span className="signin-option-title">
                  {environment.name}
                  <span className={`environment-badge environment-${environment.kind}`}>{t(`common:environment.${environment.kind}`)}</span>
                </span>
                <span className="signin-option-text">
                  {busy === environment.name
                    ? t("signingIn")
                    : environment.username
                      ? t("saved.user", { user: environment.username })
                      : t("saved.clientOnly", { clientId: environment.clientId })}
                </span>
              </button>
              <button
                type="button"
                className="button-secondary signin-remove"
                data-testid="signin-remove"
                data-name={environment.name}
                disabled={busy !== null}
                aria-label={t("saved.remove", { name: environment.name })}
                onClick={() => setRemoving(environment)}
              >
                {t("saved.confirm")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <RemoveDialog
          environment={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            onRemoved();
          }}
        />
      )}
    </div>
  );
}

function RemoveDialog({ environment, onClose, onRemoved }: { environment: Environment; onClose: () => void; onRemoved: () => void }) {
  const { t } = useTranslation("signIn");
  const backend = useBackend();
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const dialogRef = useDialog(() => !busy && onClose(), cancelRef);

  const remove = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await backend.removeEnvironment(environment.name);
      onRemoved();
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onClick={() => !busy && onClose()}>
      <div
        ref={dialogRef}
        className="dialog signin-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        data-testid="signin-remove-dialog"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id={`${id}-title`}>{t("saved.confirmTitle", { name: environment.name })}</h2>
        <p id={`${id}-text`}>{t("saved.confirmText")}</p>
        {failure && (
          <p role="alert" className="error-text">
            {failure}
          </p>
        )}
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="button-secondary" disabled={busy} onClick={onClose}>
            {t("common:cancel")}
          </button>
          <button type="button" className="button-danger" data-testid="signin-remove-confirm" disabled={busy} onClick={() => void remove()}>
            {busy ? t("saved.removing") : t("saved.confirm")}
          </button>
        </div>
      </div>
    </div>
  );
}

type AddKind = Extract<EnvironmentKindView, "acceptance" | "production" | "custom">;
const ADD_KINDS: AddKind[] = ["acceptance", "production", "custom"];

/** A name the Rust side accepts (letters, digits, `.`, `-`, `_`) that is not taken yet. */
function defaultName(kind: AddKind, saved: Environment[]): string {
  const taken = new Set(saved.map((environment) => environment.name));
  if (!taken.has(kind)) return kind;
  let n = 2;
  while (taken.has(`${kind}-${n}`)) n += 1;
  return `${kind}-${n}`;
}

function AddEnvironmentForm({
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
  const id = useId();
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [kind, setKind] = useState<AddKind>("acceptance");
  const [nameInput, setNameInput] = useState<string | null>(null);
  const [apiUrl, setApiUrl] = useState("");
  const [identityUrl, setIdentityUrl] = useState("");
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.environmentPresets().then(
      (list) => !cancelled && setPresets(list),
      () => !cancelled && setPresets([]),
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  const preset = kind === "custom" ? undefined : presets?.find((candidate) => candidate.kind === kind);
  // Without a preset for the kind (they could not be read), the administrator types the URLs.
  const ownUrls = kind === "custom" || (presets !== null && !preset);
  const name = nameInput ?? defaultName(kind, saved);
  const label = (option: AddKind) =>
    option === "custom" ? t("add.custom") : (presets?.find((candidate) => candidate.kind === option)?.label ?? t(`common:environment.${option}`));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const urls = ownUrls ? { apiUrl: apiUrl.trim(), identityUrl: identityUrl.trim() } : preset ? { apiUrl: preset.apiUrl, identityUrl: preset.identityUrl } : null;
    if (busy || !urls) return;
    setBusy(true);
    setFailure(null);
    try {
      const added = await backend.addEnvironment({
        name: name.trim(),
        kind,
        ...urls,
        clientId: clientId.trim(),
        clientSecret,
        username: username.trim() || null,
        password: password || null,
      });
      // The keychain has them now; the form lets go of them.
      setClientSecret("");
      setPassword("");
      setBusy(false);
      await onSignIn(added.name);
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  const field = (key: string) => `${id}-${key}`;
  const locked = busy || disabled;
  return (
    <form className="signin-add" data-testid="add-environment" aria-labelledby={field("title")} aria-busy={busy} onSubmit={(event) => void submit(event)}>
      <h2 id={field("title")}>{t("add.title")}</h2>
      <fieldset disabled={locked} className="signin-fieldset">
        <div className="signin-field">
          <label htmlFor={field("kind")}>{t("add.platform")}</label>
          <select id={field("kind")} data-testid="add-kind" value={kind} onChange={(event) => setKind(event.target.value as AddKind)}>
            {ADD_KINDS.map((option) => (
              <option key={option} value={option}>
                {label(option)}
              </option>
            ))}
          </select>
        </div>
        {kind === "production" && (
          <p className="signin-production-warning" data-testid="add-production-warning">
            {t("add.productionWarning")}
          </p>
        )}
        {ownUrls ? (
          <>
            <div className="signin-field">
              <label htmlFor={field("api")}>{t("add.apiUrl")}</label>
              <input
                id={field("api")}
                data-testid="add-api-url"
                type="url"
                required
                placeholder="https://"
                value={apiUrl}
                onChange={(event) => setApiUrl(event.target.value)}
              />
            </div>
            <div className="signin-field">
              <label htmlFor={field("identity")}>{t("add.identityUrl")}</label>
              <input
                id={field("identity")}
                data-testid="add-identity-url"
                type="url"
                required
                placeholder="https://"
                value={identityUrl}
                onChange={(event) => setIdentityUrl(event.target.value)}
              />
            </div>
          </>
        ) : preset ? (
          <p className="muted signin-urls" data-testid="add-preset-urls">
            {t("add.connectsTo", { apiUrl: preset.apiUrl, identityUrl: preset.identityUrl })}
          </p>
        ) : (
          <p className="muted signin-urls">{t("common:loading")}</p>
        )}
        <div className="signin-field">
          <label htmlFor={field("name")}>{t("add.name")}</label>
          <input
            id={field("name")}
            data-testid="add-name"
            type="text"
            required
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={field("name-hint")}
            value={name}
            onChange={(event) => setNameInput(event.target.value)}
          />
          <span id={field("name-hint")} className="muted signin-hint">
            {t("add.nameHint")}
          </span>
        </div>
        <div className="signin-field">
          <label htmlFor={field("client-id")}>{t("add.clientId")}</label>
          <input
            id={field("client-id")}
            data-testid="add-client-id"
            type="text"
            required
            autoComplete="off"
            spellCheck={false}
            aria-describedby={field("client-hint")}
            value={clientId}
            onChange={(event) => setClientId(event.target.value)}
          />
        </div>
        <div className="signin-field">
          <label htmlFor={field("client-secret")}>{t("add.clientSecret")}</label>
          <input
            id={field("client-secret")}
            data-testid="add-client-secret"
            type="password"
            required
            autoComplete="off"
            spellCheck={false}
            aria-describedby={field("client-hint")}
            value={clientSecret}
            onChange={(event) => setClientSecret(event.target.value)}
          />
          <span id={field("client-hint")} className="muted signin-hint">
            {t("add.clientHint")}
          </span>
        </div>
        <div className="signin-field">
          <label htmlFor={field("username")}>
            {t("add.username")} <span className="muted">{t("add.optional")}</span>
          </label>
          <input
            id={field("username")}
            data-testid="add-username"
            type="email"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={field("user-hint")}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="signin-field">
          <label htmlFor={field("password")}>
            {t("add.password")} <span className="muted">{t("add.optional")}</span>
          </label>
          <input
            id={field("password")}
            data-testid="add-password"
            type="password"
            autoComplete="off"
            aria-describedby={field("user-hint")}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <span id={field("user-hint")} className="muted signin-hint">
            {t("add.userHint")}
          </span>
        </div>
        <p className="signin-secrets-note">{t("add.secretsNote")}</p>
        {failure && (
          <p role="alert" className="signin-alert" data-testid="add-environment-error">
            {failure}
          </p>
        )}
        <div className="signin-submit">
          <button type="submit" className="button-primary" data-testid="add-submit">
            {busy ? t("signingIn") : t("add.submit")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
