// The sign-in screen: the Local sandbox, the saved environments, and adding one.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { ProductMark } from "../../shared/ProductMark";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { AddEnvironmentForm } from "./AddEnvironmentForm";
import { SavedEnvironments } from "./SavedEnvironments";
import "./signin.css";

type Props = { error?: string | undefined; onSignIn: (environment: string | null) => Promise<void> };

/** What the busy sign-in is for: the Local sandbox, or a saved environment by name. */
const LOCAL = Symbol("local sandbox");
type Busy = typeof LOCAL | string | null;

export function SignInScreen({ error, onSignIn }: Props) {
  const { t } = useTranslation("signIn");
  const backend = useBackend();
  // Saved environments are not cached data: read on start and after a removal.
  const saved = useLoadable(() => backend.listEnvironments(), [backend], { refreshOnCacheChange: false });
  const [busy, setBusy] = useState<Busy>(null);

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
            signingIn={typeof busy === "string" ? busy : null}
            disabled={busy !== null}
            onSignIn={(name) => void signIn(name)}
          />
        </section>

        <AddEnvironmentForm saved={valueOr(saved, [])} disabled={busy !== null} onSignIn={onSignIn} />
      </div>
    </main>
  );
}
