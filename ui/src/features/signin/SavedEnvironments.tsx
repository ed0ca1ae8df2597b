// The saved environments: sign in to one by name, or remove it (after a question).
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { Environment } from "../../lib/ipc/backend";
import { ConfirmDialog } from "../../shared/dialog/ConfirmDialog";
import { LoadStatus } from "../../shared/LoadStatus";
import type { Loaded } from "../../shared/useLoadable";

export function SavedEnvironments({
  saved,
  signingIn,
  disabled,
  onSignIn,
}: {
  saved: Loaded<Environment[]>;
  /** The environment being signed in to, if any. */
  signingIn: string | null;
  disabled: boolean;
  onSignIn: (name: string) => void;
}) {
  const { t } = useTranslation("signIn");
  const id = useId();
  const [removing, setRemoving] = useState<Environment | null>(null);
  const environments = saved.state === "ready" ? saved.value : [];
  return (
    <div className="signin-saved" aria-labelledby={`${id}-title`} role="group">
      <h2 id={`${id}-title`}>{t("saved.title")}</h2>
      <LoadStatus load={saved} failedTitle={t("saved.loadFailed")} />
      {saved.state === "ready" && environments.length === 0 && <p className="muted signin-empty">{t("saved.empty")}</p>}
      {environments.length > 0 && (
        <ul className="signin-saved-list">
          {environments.map((environment) => (
            <li key={environment.name} className={`signin-saved-item signin-kind-${environment.kind}`}>
              <button
                type="button"
                className="signin-option"
                data-testid="signin-saved"
                data-name={environment.name}
                data-kind={environment.kind}
                disabled={disabled}
                aria-busy={signingIn === environment.name}
                onClick={() => onSignIn(environment.name)}
              >
                {/* The accessible name is what the button shows, after "Sign in to". */}
                <span className="visually-hidden">{t("saved.signInTo")} </span>
                <span className="signin-option-title">
                  {environment.name}
                  <span className={`environment-badge environment-${environment.kind}`}>{t(`common:environment.${environment.kind}`)}</span>
                </span>
                <span className="signin-option-text">
                  {signingIn === environment.name
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
                disabled={disabled}
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
            saved.reload();
          }}
        />
      )}
    </div>
  );
}

function RemoveDialog({ environment, onClose, onRemoved }: { environment: Environment; onClose: () => void; onRemoved: () => void }) {
  const { t } = useTranslation("signIn");
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const remove = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await backend.removeEnvironment(environment.name);
      onRemoved();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      testId="signin-remove-dialog"
      confirmTestId="signin-remove-confirm"
      title={t("saved.confirmTitle", { name: environment.name })}
      confirmLabel={t("saved.confirm")}
      busyLabel={t("saved.removing")}
      busy={busy}
      error={failure}
      onCancel={onClose}
      onConfirm={() => void remove()}
    >
      <p>{t("saved.confirmText")}</p>
    </ConfirmDialog>
  );
}
