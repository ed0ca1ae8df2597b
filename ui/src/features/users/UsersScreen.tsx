// The user overview (SPEC §5.2): counts per status, instant search, filters, a virtualised
// sortable table, multi-select actions (§5.6), and the doors to the invite dialog and the
// user detail panel. The Rust side answers every question; this screen only asks and shows.
import "./users.css";

import { useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation, type Route, type UserFilter } from "../../app/navigation";
import { SessionContext } from "../../app/session";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { SortView, UserRow } from "../../lib/ipc/backend";
import { useCacheVersion } from "../../shared/backendEvents";
import { ErrorNotice, FailureText } from "../../shared/errors/ErrorNotice";
import { ScopeNotice, useManagesEveryone } from "../../shared/ScopeNotice";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { ImportDialog } from "../import/ImportDialog";
import { useExport } from "../import/useExport";
import { InviteDialog } from "../invite/InviteDialog";
import { UserDetailPanel } from "../userDetail/UserDetailPanel";
import { BulkBar, BulkDialog, type BulkAction } from "./BulkActions";
import { ActiveFilters, FilterBar, StatusCounts } from "./Filters";
import { cleanFilter, DEFAULT_SORT, isFiltered, queryKey, toQuery, type Sort } from "./query";
import { UserTable } from "./UserTable";
import { useSelection, type Selection } from "./useSelection";
import { useUserPages, type UserPages } from "./useUserPages";

type UsersRoute = Extract<Route, { screen: "users" }>;

export function UsersScreen({ route }: { route: UsersRoute }) {
  const { t } = useTranslation("users");
  const backend = useBackend();
  const { navigate } = useNavigation();
  const canInvite = useContext(SessionContext)?.session.canInvite ?? true;
  // Not an administrator of the environment: the cache holds the organisations they
  // administer and those members, and the actions on people are not theirs.
  const managesEveryone = useManagesEveryone();
  const cacheVersion = useCacheVersion();

  const [filter, setFilter] = useState<UserFilter>(() => cleanFilter(route.filter));
  useEffect(() => setFilter(cleanFilter(route.filter)), [route.filter]);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const query = toQuery(filter, sort);
  const key = queryKey(query);
  const pages = useUserPages(query, cacheVersion);
  const firstRowShown = pages.current && pages.rowAt(0) !== undefined;
  useEffect(() => {
    if (firstRowShown) void backend.overviewShown(pages.total ?? 0).catch(() => undefined);
  }, [backend, firstRowShown, pages.total]);

  const counts = useLoadable(() => backend.overviewCounts(), [backend]);
  // The organisation filter's choices (there may be thousands) are asked for once the
  // overview has its first answer, so that they do not hold up the first rows. Without them
  // the filter offers no organisations; the overview still works.
  const overviewAnswered = pages.total !== null || pages.error !== null;
  const organisations = useLoadable(() => backend.organisations(), [backend], { enabled: overviewAnswered });

  const selection = useSelection(query, key);
  const [importing, setImporting] = useState(false);
  // What the overview shows now: its filter and sort.
  const { exported, exportUsers } = useExport();
  const exportShown = () => exportUsers(query);
  const [bulk, setBulk] = useState<BulkAction | null>(null);

  const onSort = (column: SortView) =>
    setSort((previous) => (previous.sort === column ? { sort: column, descending: !previous.descending } : { sort: column, descending: false }));
  const clearFilters = () => setFilter({});

  // The detail panel and the invite dialog are part of the route (shortcuts and Insights open
  // them); each gives the focus back to what opened it.
  const openUser = useCallback((row: UserRow) => navigate({ ...route, userId: row.id }), [navigate, route]);
  const openInvite = () => navigate({ ...route, invite: true });
  const everyone = counts.state === "ready" ? counts.value.total : null;
  const filtered = isFiltered(filter);

  return (
    <section aria-labelledby="users-title" className="screen users-screen">
      <UsersHeader canInvite={canInvite} onInvite={openInvite} onImport={() => setImporting(true)} onExport={() => void exportShown()}>
        {counts.state === "ready" && <StatusCounts counts={counts.value} filter={filter} onChange={setFilter} />}
      </UsersHeader>
      {exported && (
        <p role="status" className={exported.ok ? "muted" : "error-text"} data-testid="export-status">
          {exported.text}
        </p>
      )}
      {!managesEveryone && (
        <ScopeNotice
          text={organisations.state === "ready" && organisations.value.length === 0 ? t("common:scope.noOrganisations") : t("common:scope.users")}
        />
      )}
      {counts.state === "failed" && <ErrorNotice title={t("countsFailed")} error={counts.error} onRetry={counts.reload} />}

      <FilterBar filter={filter} organisations={valueOr(organisations, [])} onChange={setFilter} />
      {/* How many match: beside the active filters; unfiltered it is the count of everyone
          above, so it is only announced. */}
      <div className={filtered ? "users-active-row" : undefined}>
        <p
          className={filtered ? "users-result-count muted" : "visually-hidden"}
          data-testid="result-count"
          // The search whose rows are on screen (the benchmark's keystroke-to-rows measure).
          data-shown-text={pages.current ? (query.text ?? "") : undefined}
          role="status"
        >
          {pages.total === null
            ? t("loadingUsers")
            : everyone === null
              ? t("resultCountOnly", { count: pages.total })
              : t("resultCount", { shown: pages.total, count: everyone })}
        </p>
        <ActiveFilters filter={filter} organisations={valueOr(organisations, [])} onChange={setFilter} onClear={clearFilters} />
      </div>

      {managesEveryone && selection.rows.size > 0 && <BulkBar count={selection.rows.size} onAction={setBulk} onClear={selection.clear} />}
      {selection.selectingAll && (
        <p role="status" className="muted">
          {t("selectingAll")}
        </p>
      )}
      {selection.selectError !== null && <FailureText what={t("selectAllFailed")} error={selection.selectError} />}
      {pages.error !== null && <ErrorNotice title={t("loadFailed")} error={pages.error} onRetry={pages.retry} />}

      <UserList
        pages={pages}
        filter={filter}
        resetKey={key}
        sort={sort}
        onSort={onSort}
        selection={selection}
        canInvite={canInvite}
        onInvite={openInvite}
        onClearFilters={clearFilters}
        onOpen={openUser}
      />

      {bulk && (
        <BulkDialog
          action={bulk}
          rows={[...selection.rows.values()]}
          activeAdministrators={counts.state === "ready" ? counts.value.activeAdministrators : null}
          onClose={(finished) => {
            setBulk(null);
            if (finished) selection.clear();
          }}
        />
      )}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {route.invite && <InviteDialog onClose={() => navigate({ ...route, invite: false })} />}
      {route.userId && <UserDetailPanel userId={route.userId} onClose={() => navigate({ ...route, userId: undefined })} />}
    </section>
  );
}

function UsersHeader({
  canInvite,
  onInvite,
  onImport,
  onExport,
  children,
}: {
  canInvite: boolean;
  onInvite: () => void;
  onImport: () => void;
  onExport: () => void;
  /** The counts per status, beside the title. */
  children: ReactNode;
}) {
  const { t } = useTranslation("users");
  return (
    <div className="users-header">
      <h1 id="users-title">{t("title")}</h1>
      {children}
      <div className="users-actions">
        <button type="button" className="button-secondary" data-testid="export-button" title={t("import:exportHint")} onClick={onExport}>
          {t("import:export")}
        </button>
        {canInvite && (
          <button type="button" className="button-secondary" data-testid="import-button" title={t("import:openHint")} onClick={onImport}>
            {t("import:open")}
          </button>
        )}
        <button
          type="button"
          className="button-primary users-invite"
          data-testid="invite-button"
          aria-label={t("invite")}
          title={canInvite ? t("invite") : t("inviteNotAllowed")}
          disabled={!canInvite}
          onClick={onInvite}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
    </div>
  );
}

/** The table, or what to do when it would be empty. */
function UserList({
  pages,
  filter,
  resetKey,
  sort,
  onSort,
  selection,
  canInvite,
  onInvite,
  onClearFilters,
  onOpen,
}: {
  pages: UserPages;
  filter: UserFilter;
  resetKey: string;
  sort: Sort;
  onSort: (column: SortView) => void;
  selection: Selection;
  canInvite: boolean;
  onInvite: () => void;
  onClearFilters: () => void;
  onOpen: (row: UserRow) => void;
}) {
  const { t } = useTranslation("users");
  if (pages.current && pages.total === 0 && !isFiltered(filter)) {
    return (
      <div className="empty-state" data-testid="empty-no-users">
        <p>{t("empty.noUsers")}</p>
        <button type="button" className="button-primary" onClick={onInvite} disabled={!canInvite}>
          {t("empty.inviteFirst")}
        </button>
      </div>
    );
  }
  if (pages.current && pages.total === 0) {
    return (
      <div className="empty-state" data-testid="empty-no-match">
        <p>{filter.text?.trim() ? t("empty.noMatchText", { text: filter.text.trim() }) : t("empty.noMatch")}</p>
        <button type="button" className="button-secondary" onClick={onClearFilters}>
          {t("filter.clear")}
        </button>
      </div>
    );
  }
  return (
    <UserTable
      total={pages.total ?? 0}
      rowAt={pages.rowAt}
      setVisibleRange={pages.setVisibleRange}
      resetKey={resetKey}
      sort={sort}
      onSort={onSort}
      selection={selection}
      onOpen={onOpen}
    />
  );
}
