// The counts per status (clickable chips), the instant search and the filters.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { UserFilter } from "../../app/navigation";
import { USER_SEARCH_ID } from "../../app/shortcuts";
import type { OrganisationView, OverviewCounts, RoleView, StatusView } from "../../lib/ipc/backend";
import { OrganisationOptions, RoleOptions, StatusOptions } from "../../shared/form/Options";
import { FLAG_FILTERS } from "./query";

type Chip = "all" | "active" | "invited" | "blocked" | "expired";

function chipOf(filter: UserFilter): Chip | null {
  if (filter.expired) return !filter.status || filter.status === "invited" ? "expired" : null;
  return filter.status ?? "all";
}

export function StatusCounts({
  counts,
  filter,
  onChange,
}: {
  counts: OverviewCounts;
  filter: UserFilter;
  onChange: (filter: UserFilter) => void;
}) {
  const { t } = useTranslation("users");
  const pressed = chipOf(filter);
  const chips: { chip: Chip; count: number; apply: UserFilter }[] = [
    { chip: "all", count: counts.total, apply: { status: undefined, expired: undefined } },
    { chip: "active", count: counts.active, apply: { status: "active", expired: undefined } },
    { chip: "invited", count: counts.invited, apply: { status: "invited", expired: undefined } },
    { chip: "blocked", count: counts.blocked, apply: { status: "blocked", expired: undefined } },
    { chip: "expired", count: counts.expired, apply: { status: undefined, expired: true } },
  ];
  return (
    <div className="users-counts" data-testid="status-counts" role="group" aria-label={t("counts.label")}>
      {chips.map(({ chip, count, apply }) => (
        <button
          key={chip}
          type="button"
          className={`users-chip users-chip-${chip}`}
          data-testid={`count-${chip}`}
          aria-pressed={pressed === chip}
          onClick={() => onChange({ ...filter, ...apply })}
        >
          {t(`counts.${chip}`, { count })}
        </button>
      ))}
    </div>
  );
}

export function FilterBar({
  filter,
  organisations,
  onChange,
  onClear,
}: {
  filter: UserFilter;
  organisations: OrganisationView[];
  onChange: (filter: UserFilter) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation("users");
  const set = (patch: UserFilter) => onChange({ ...filter, ...patch });
  // An organisation from the route that is not (yet) in the list still shows as chosen.
  const knownOrganisation = !filter.organisationId || organisations.some((o) => o.id === filter.organisationId);
  return (
    <div className="users-filters">
      <div className="users-search">
        <label htmlFor={USER_SEARCH_ID}>{t("search.label")}</label>
        <input
          type="search"
          id={USER_SEARCH_ID}
          data-testid="user-search"
          placeholder={t("search.placeholder")}
          autoComplete="off"
          spellCheck={false}
          value={filter.text ?? ""}
          onChange={(event) => set({ text: event.target.value })}
        />
      </div>
      <div className="users-filter-row">
        <FilterSelect label={t("filter.status")} all={t("filter.allStatuses")} testId="filter-status" value={filter.status} onChange={(status) => set({ status: status as StatusView | undefined })}>
          <StatusOptions />
        </FilterSelect>
        <FilterSelect label={t("filter.role")} all={t("filter.allRoles")} testId="filter-role" value={filter.role} onChange={(role) => set({ role: role as RoleView | undefined })}>
          <RoleOptions />
        </FilterSelect>
        <FilterSelect label={t("filter.organisation")} all={t("filter.allOrganisations")} testId="filter-organisation" value={filter.organisationId} onChange={(organisationId) => set({ organisationId })}>
          {!knownOrganisation && <option value={filter.organisationId}>{filter.organisationId}</option>}
          <OrganisationOptions organisations={organisations} />
        </FilterSelect>
      </div>
      <fieldset className="users-flags">
        <legend className="visually-hidden">{t("filter.attention")}</legend>
        {FLAG_FILTERS.map(([flag, testId]) => (
          <label key={flag} className="users-flag">
            <input type="checkbox" data-testid={testId} checked={!!filter[flag]} onChange={(event) => set({ [flag]: event.target.checked || undefined })} />
            {t(`filter.${flag}`)}
          </label>
        ))}
        <button type="button" className="users-link" data-testid="clear-filters" onClick={onClear}>
          {t("filter.clear")}
        </button>
      </fieldset>
    </div>
  );
}

/** One filter's choice; the first option (`all`) filters nothing and reads as `undefined`. */
function FilterSelect({
  label,
  all,
  testId,
  value,
  onChange,
  children,
}: {
  label: string;
  all: string;
  testId: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  children: ReactNode;
}) {
  return (
    <label className="users-field">
      <span>{label}</span>
      <select data-testid={testId} value={value ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{all}</option>
        {children}
      </select>
    </label>
  );
}
