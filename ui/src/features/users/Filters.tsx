// The counts per status (clickable chips), the instant search and the filters in one row
// ("More filters" holds the flags), and the active filters as chips that remove them.
import type { TFunction } from "i18next";
import { useEffect, useRef, useState, type ReactNode } from "react";
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
}: {
  filter: UserFilter;
  organisations: OrganisationView[];
  onChange: (filter: UserFilter) => void;
}) {
  const { t } = useTranslation("users");
  const set = (patch: UserFilter) => onChange({ ...filter, ...patch });
  // An organisation from the route that is not (yet) in the list still shows as chosen.
  const knownOrganisation = !filter.organisationId || organisations.some((o) => o.id === filter.organisationId);
  return (
    <div className="users-filters" role="search" aria-label={t("filter.label")}>
      <label htmlFor={USER_SEARCH_ID} className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        type="search"
        id={USER_SEARCH_ID}
        className="users-search"
        data-testid="user-search"
        placeholder={t("search.placeholder")}
        autoComplete="off"
        spellCheck={false}
        value={filter.text ?? ""}
        onChange={(event) => set({ text: event.target.value })}
      />
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
      <MoreFilters filter={filter} onChange={set} />
    </div>
  );
}

/** "More filters": the flags that need attention, in a panel that opens below its button. */
function MoreFilters({ filter, onChange }: { filter: UserFilter; onChange: (patch: UserFilter) => void }) {
  const { t } = useTranslation("users");
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLFieldSetElement>(null);
  const chosen = FLAG_FILTERS.filter(([flag]) => filter[flag]).length;
  const close = (giveFocusBack: boolean) => {
    setOpen(false);
    if (giveFocusBack) button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);
  return (
    <div className="users-more" onKeyDown={(event) => open && event.key === "Escape" && (event.stopPropagation(), close(true))}>
      <button
        ref={button}
        type="button"
        className="button-secondary users-more-button"
        data-testid="more-filters"
        aria-expanded={open}
        aria-controls="users-more-filters"
        onClick={() => setOpen(!open)}
      >
        {chosen > 0 ? t("filter.moreChosen", { count: chosen }) : t("filter.more")}
        <span aria-hidden="true">{open ? " ▴" : " ▾"}</span>
      </button>
      <fieldset ref={panel} id="users-more-filters" className="users-more-panel" hidden={!open}>
        <legend>{t("filter.attention")}</legend>
        {FLAG_FILTERS.map(([flag, testId]) => (
          <label key={flag} className="users-flag">
            <input type="checkbox" data-testid={testId} checked={!!filter[flag]} onChange={(event) => onChange({ [flag]: event.target.checked || undefined })} />
            {t(`filter.${flag}`)}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** What narrows the list now, each as a chip that removes it; and "Clear filters". */
export function ActiveFilters({
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
  const chips = activeFilterChips(filter, organisations, t);
  if (chips.length === 0) return null;
  return (
    <ul className="users-active-filters" aria-label={t("filter.active")} data-testid="active-filters">
      {chips.map(({ key, text, remove }) => (
        <li key={key}>
          <button
            type="button"
            className="users-filter-chip"
            data-testid={`filter-chip-${key}`}
            aria-label={t("filter.remove", { filter: text })}
            title={t("filter.remove", { filter: text })}
            onClick={() => onChange({ ...filter, ...remove })}
          >
            <span className="users-filter-chip-text">{text}</span>
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
      <li>
        <button type="button" className="users-link" data-testid="clear-filters" onClick={onClear}>
          {t("filter.clear")}
        </button>
      </li>
    </ul>
  );
}

type FilterChip = { key: string; text: string; remove: UserFilter };

function activeFilterChips(filter: UserFilter, organisations: OrganisationView[], t: TFunction<"users">): FilterChip[] {
  const chips: FilterChip[] = [];
  const text = filter.text?.trim();
  if (text) chips.push({ key: "text", text: t("filter.chipText", { text }), remove: { text: undefined } });
  if (filter.status) chips.push({ key: "status", text: `${t("filter.status")}: ${t(`common:status.${filter.status}`)}`, remove: { status: undefined } });
  if (filter.role) chips.push({ key: "role", text: `${t("filter.role")}: ${t(`common:role.${filter.role}`)}`, remove: { role: undefined } });
  if (filter.organisationId) {
    const name = organisations.find((o) => o.id === filter.organisationId)?.name ?? filter.organisationId;
    chips.push({ key: "organisation", text: `${t("filter.organisation")}: ${name}`, remove: { organisationId: undefined } });
  }
  for (const [flag] of FLAG_FILTERS) if (filter[flag]) chips.push({ key: flag, text: t(`filter.${flag}`), remove: { [flag]: undefined } });
  return chips;
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
      <span className="visually-hidden">{label}</span>
      <select data-testid={testId} value={value ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{all}</option>
        {children}
      </select>
    </label>
  );
}
