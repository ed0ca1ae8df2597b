// A waiting change in words ("Change role of bob@… to Advanced user").
import type { TFunction } from "i18next";

import type { PendingChange } from "../../lib/ipc/backend";

export function describeChange(change: PendingChange, t: TFunction, organisationName: (id: string) => string): string {
  const email = change.email ?? change.userId ?? t("sync:change.someone");
  const role = change.role ? t(`common:role.${change.role}`) : "";
  const level = change.level ? t(`common:level.${change.level}`) : "";
  const organisation = change.organisationId ? organisationName(change.organisationId) : "";
  const values = { email, role, level, organisation };
  switch (change.kind) {
    case "setRelationshipManager":
      return t(change.value ? "sync:change.setRelationshipManagerOn" : "sync:change.setRelationshipManagerOff", values);
    default:
      return t(`sync:change.${change.kind}`, values);
  }
}
