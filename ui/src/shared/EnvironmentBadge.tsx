import { useTranslation } from "react-i18next";

import type { SignedIn } from "../lib/ipc/backend";

/** Which environment the administrator works in, always visible; production unmistakable. */
export function EnvironmentBadge({ session }: { session: SignedIn }) {
  const { t } = useTranslation();
  // Shortened on one line when the window is narrow; the whole of it in the tooltip and the
  // accessible name.
  const full = [t(`environment.${session.kind}`), session.environmentName, session.kind === "local-sandbox" ? t("environment.notReal") : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <div
      className={`environment-badge environment-${session.kind}`}
      role="status"
      aria-label={`${t("environment.label")}: ${full}`}
      title={full}
      data-testid="environment-badge"
    >
      <strong>{t(`environment.${session.kind}`)}</strong>
      <span>{session.environmentName}</span>
      {session.kind === "local-sandbox" && <em>{t("environment.notReal")}</em>}
    </div>
  );
}
