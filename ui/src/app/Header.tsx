import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../lib/ipc/BackendProvider";
import { useLoadable, valueOr } from "../shared/useLoadable";
import { useSession } from "./session";

/** The top bar: which environment (always visible), the switcher, who is signed in. */
export function Header({ badge }: { badge: ReactNode }) {
  const { t } = useTranslation();
  const backend = useBackend();
  const { session, switchTo, signOut } = useSession();
  // The saved environments are not cached data: read again after a switch, not on cache changes.
  const environments = useLoadable(() => backend.listEnvironments(), [backend, session], { refreshOnCacheChange: false });
  const saved = valueOr(environments, []);
  const onSwitch = (value: string) => {
    if (value === "__local") void switchTo(null);
    else if (value) void switchTo(value);
  };
  return (
    <header className="app-header">
      {badge}
      <span className="muted" data-testid="signed-in">
        {t("environment.signedInAs", { login: session.login })}
      </span>
      <label className="header-switch">
        <span className="visually-hidden">{t("environment.switch")}</span>
        <select
          aria-label={t("environment.switch")}
          value=""
          onChange={(event) => onSwitch(event.target.value)}
          data-testid="environment-switcher"
        >
          <option value="">{t("environment.switch")}…</option>
          {session.kind !== "local-sandbox" && <option value="__local">{t("environment.local-sandbox")}</option>}
          {saved
            .filter((environment) => environment.name !== session.environment)
            .map((environment) => (
              <option key={environment.name} value={environment.name}>
                {environment.name} ({t(`environment.${environment.kind}`)})
              </option>
            ))}
        </select>
      </label>
      <button type="button" className="button-secondary" onClick={() => void signOut()}>
        {t("environment.signOut")}
      </button>
    </header>
  );
}
