import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useSession } from "./session";

/**
 * The top bar: which environment (always visible), the switcher, who is signed in — on one
 * line at every window size: the badge and the signed-in text shorten (with the full text
 * in their tooltips), the buttons never wrap.
 */
export function Header({ badge, onOpenSwitcher }: { badge: ReactNode; onOpenSwitcher: () => void }) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <header className="app-header">
      {badge}
      <span className="muted header-signed-in" data-testid="signed-in" title={t("environment.signedInAs", { login: session.login })}>
        {t("environment.signedInAs", { login: session.login })}
      </span>
      <button
        type="button"
        className="button-secondary header-switch"
        aria-keyshortcuts="Control+K Meta+K"
        aria-haspopup="dialog"
        onClick={onOpenSwitcher}
        data-testid="environment-switcher"
      >
        {t("environment.switch")} <kbd>Ctrl K</kbd>
      </button>
      <button type="button" className="button-secondary" data-testid="sign-out" onClick={() => void signOut()}>
        {t("environment.signOut")}
      </button>
    </header>
  );
}
