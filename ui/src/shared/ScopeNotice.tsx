// What a person who is not an administrator of the environment sees instead of, or above,
// what the platform does not give them: why it is missing and who can do it. The platform
// gives them the organisations they administer and those organisations' members.
import { useContext } from "react";
import { useTranslation } from "react-i18next";

import { SessionContext } from "../app/session";

/** True when the signed-in person may manage every user (an environment administrator). */
export function useManagesEveryone(): boolean {
  return useContext(SessionContext)?.session.canManageUsers ?? true;
}

export function ScopeNotice({ text, testId = "scope-notice" }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="scope-notice" role="note" aria-label={t("common:scope.title")} data-testid={testId}>
      <p>{text}</p>
    </div>
  );
}
