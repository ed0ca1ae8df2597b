// The counts per status (clickable chips), the instant search and the filters.
import { useTranslation } from "react-i18next";

import type { UserFilter } from "../../app/navigation";
import { USER_SEARCH_ID } from "../../app/shortcuts";
import type { OrganisationView, OverviewCounts, RoleView, StatusView } from "../../lib/ipc/backend";
import { FLAG_FILTERS } from "./query";

const STATUSES: StatusView[] = ["invited", "active", "blocked"];
const ROLES: RoleView[] = ["basic", "advanced", "administrator"];

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
        <label className="users-field">
          <span>{t("filter.status")}</span>
          <select
            data-testid="filter-status"
            value={filter.status ?? ""}
            onChange={(event) => set({ status: (event.target.value || undefined) as StatusView | undefined })}
          >
            <option value="">{t("filter.allStatuses")}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`common:status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="users-field">
          <span>{t("filter.role")}</span>
          <select
            data-testid="filter-role"
            value={filter.role ?? ""}
            onChange={(event) => set({ role: (event.target.value || undefined) as RoleView | undefined })}
          >
            <option value="">{t("filter.allRoles")}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`common:role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="users-field">
          <span>{t("filter.organisation")}</span>
          <select
            data-testid="filter-organisation"
            value={filter.organisationId ?? ""}
            onChange={(event) => set({ organisationId: event.target.value || undefined })}
          >
            <option value="">{t("filter.allOrganisations")}</option>
            {!knownOrganisation && <option value={filter.organisationId}>{filter.organisationId}</option>}
            {organisations.map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </select>
        </label>
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
