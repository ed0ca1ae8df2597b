// The choices of a <select>: each value with its text; and the shared vocabularies (roles,
// statuses, levels) and the organisations as choices, named as everywhere else.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { OrganisationView, RoleView } from "../../lib/ipc/backend";
import { LEVELS, ROLES, STATUSES } from "../vocabulary";

export function Options<T>({
  items,
  value = String,
  label,
  disabled,
}: {
  items: readonly T[];
  /** The option's value (default: the item itself, for a list of strings). */
  value?: (item: T) => string;
  label: (item: T) => ReactNode;
  /** Which items are shown but cannot be chosen. */
  disabled?: (item: T) => boolean;
}) {
  return items.map((item) => (
    <option key={value(item)} value={value(item)} disabled={disabled?.(item)}>
      {label(item)}
    </option>
  ));
}

export function RoleOptions({ disabled }: { disabled?: (role: RoleView) => boolean }) {
  const { t } = useTranslation();
  return <Options items={ROLES} label={(role) => t(`common:role.${role}`)} disabled={disabled} />;
}

export function StatusOptions() {
  const { t } = useTranslation();
  return <Options items={STATUSES} label={(status) => t(`common:status.${status}`)} />;
}

export function LevelOptions() {
  const { t } = useTranslation();
  return <Options items={LEVELS} label={(level) => t(`common:level.${level}`)} />;
}

/** The organisations by id, each by its name. */
export function OrganisationOptions({ organisations }: { organisations: readonly OrganisationView[] }) {
  return <Options items={organisations} value={(organisation) => organisation.id} label={(organisation) => organisation.name} />;
}
