// The user overview (SPEC §5.2): counts per status, instant search, filters, a virtualised
// sortable table, multi-select actions (§5.6), and the doors to the invite dialog and the
// user detail panel. The Rust side answers every question; this screen only asks and shows.
import "./users.css";

import { useCallback, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation, type Route, type UserFilter } from "../../app/navigation";
import { SessionContext } from "../../app/session";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type OrganisationView, type OverviewCounts, type SortView, type UserRow } from "../../lib/ipc/backend";
import { useCacheVersion } from "../../shared/backendEvents";
import { InviteDialog } from "../invite/InviteDialog";
import { UserDetailPanel } from "../userDetail/UserDetailPanel";
import { BulkBar, BulkDialog, type BulkAction } from "./BulkActions";
import { FilterBar, StatusCounts } from "./Filters";
import { cleanFilter, DEFAULT_SORT, isFiltered, queryKey, SELECT_ALL_PAGE_SIZE, toQuery, type Sort } from "./query";
import { UserTable } from "./UserTable";
import { useUserPages } from "./useUserPages";

type Loaded<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

export function UsersScreen({ route }: { route: Extract<Route, { screen: "users" }> }) {
  const { t } = useTranslation("users");
  const backend = useBackend();
  const { navigate } = useNavigation();
  const canInvite = useContext(SessionContext)?.session.canInvite ?? true;
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

  const [counts, setCounts] = useState<Loaded<OverviewCounts>>({ state: "loading" });
  const [countsAttempt, setCountsAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    backend.overviewCounts().then(
      (value) => !cancelled && setCounts({ state: "ready", value }),
      (failure: unknown) => !cancelled && setCounts({ state: "failed", message: errorMessage(failure) }),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion, countsAttempt]);

  // The organisation filter's choices (there may be thousands) are asked for once the
  // overview has its first answer, so that they do not hold up the first rows.
  const overviewAnswered = pages.total !== null || pages.error !== null;
  const [organisations, setOrganisations] = useState<OrganisationView[]>([]);
  useEffect(() => {
    if (!overviewAnswered) return;
    let cancelled = false;
    backend.organisations().then(
      (value) => !cancelled && setOrganisations(value),
      () => undefined, // the filter then offers no organisations; the overview still works
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion, overviewAnswered]);

  // Selection: the rows as they were when selected (the summary needs status and role).
  const [selection, setSelection] = useState<ReadonlyMap<string, UserRow>>(new Map());
  const [allMatchingKey, setAllMatchingKey] = useState<string | null>(null);
  const [selectingAll, setSelectingAll] = useState(false);
  const [selectError, setSelectError] = useState<string | null>(null);
  const [bulk, setBulk] = useState<BulkAction | null>(null);

  const toggle = useCallback((row: UserRow) => {
    setAllMatchingKey(null);
    setSelection((previous) => {
      const next = new Map(previous);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });
  }, []);

  const clearSelection = () => {
    setAllMatchingKey(null);
    setSelection(new Map());
  };

  const allSelected = allMatchingKey === key && selection.size > 0;
  const toggleAll = async () => {
    if (allSelected) {
      clearSelection();
      return;
    }
    setSelectingAll(true);
    setSelectError(null);
    try {
      const gathered = new Map<string, UserRow>();
      for (let offset = 0, total = 1; offset < total; ) {
        const page = await backend.searchUsers({ ...query, offset, limit: SELECT_ALL_PAGE_SIZE });
        total = page.total;
        for (const row of page.rows) gathered.set(row.id, row);
        if (page.rows.length === 0) break;
        offset += page.rows.length;
      }
      setSelection(gathered);
      setAllMatchingKey(key);
    } catch (failure) {
      setSelectError(t("selectAllFailed", { message: errorMessage(failure) }));
    } finally {
      setSelectingAll(false);
    }
  };

  const onSort = (column: SortView) =>
    setSort((previous) => (previous.sort === column ? { sort: column, descending: !previous.descending } : { sort: column, descending: false }));

  const clearFilters = () => setFilter({});

  // The detail panel and the invite dialog are part of the route (shortcuts and Insights open them).
  const returnFocus = useRef<HTMLElement | null>(null);
  const openUser = useCallback(
    (row: UserRow) => {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      navigate({ ...route, userId: row.id });
    },
    [navigate, route],
  );
  const closeUser = () => {
    navigate({ ...route, userId: undefined });
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target) requestAnimationFrame(() => target.isConnected && target.focus());
  };
  const openInvite = () => navigate({ ...route, invite: true });
  const closeInvite = () => navigate({ ...route, invite: false });

  const total = pages.total;
  const filtered = isFiltered(filter);
  const everyone = counts.state === "ready" ? counts.value.total : null;

  return (
    <section aria-labelledby="users-title" className="screen users-screen">
      <div className="users-header">
        <h1 id="users-title">{t("title")}</h1>
        <button
          type="button"
          className="button-primary users-invite"
          data-testid="invite-button"
          aria-label={t("invite")}
          title={canInvite ? t("invite") : t("inviteNotAllowed")}
          disabled={!canInvite}
          onClick={openInvite}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>

      {counts.state === "ready" && <StatusCounts counts={counts.value} filter={filter} onChange={setFilter} />}
      {counts.state === "failed" && (
        <p role="alert" className="error-text">
          {t("countsFailed", { message: counts.message })}{" "}
          <button type="button" className="button-secondary" onClick={() => setCountsAttempt((n) => n + 1)}>
            {t("common:retry")}
          </button>
        </p>
      )}

      <FilterBar filter={filter} organisations={organisations} onChange={setFilter} onClear={clearFilters} />

      <p className="users-result-count muted" data-testid="result-count" role="status">
        {total === null
          ? t("loadingUsers")
          : everyone === null
            ? t("resultCountOnly", { count: total })
            : t("resultCount", { shown: total, count: everyone })}
      </p>

      {selection.size > 0 && <BulkBar count={selection.size} onAction={setBulk} onClear={clearSelection} />}
      {selectingAll && (
        <p role="status" className="muted">
          {t("selectingAll")}
        </p>
      )}
      {selectError && (
        <p role="alert" className="error-text">
          {selectError}
        </p>
      )}

      {pages.error && (
        <div role="alert" className="error-text users-error">
          {t("loadFailed", { message: pages.error })}{" "}
          <button type="button" className="button-secondary" onClick={pages.retry}>
            {t("common:retry")}
          </button>
        </div>
      )}

      {pages.current && total === 0 && !filtered ? (
        <div className="empty-state" data-testid="empty-no-users">
          <p>{t("empty.noUsers")}</p>
          <button type="button" className="button-primary" onClick={openInvite} disabled={!canInvite}>
            {t("empty.inviteFirst")}
          </button>
        </div>
      ) : pages.current && total === 0 ? (
        <div className="empty-state" data-testid="empty-no-match">
          <p>{filter.text?.trim() ? t("empty.noMatchText", { text: filter.text.trim() }) : t("empty.noMatch")}</p>
          <button type="button" className="button-secondary" onClick={clearFilters}>
            {t("filter.clear")}
          </button>
        </div>
      ) : (
        <UserTable
          total={total ?? 0}
          rowAt={pages.rowAt}
          setVisibleRange={pages.setVisibleRange}
          resetKey={key}
          sort={sort}
          onSort={onSort}
          selected={selection}
          onToggle={toggle}
          allSelected={allSelected}
          someSelected={selection.size > 0}
          selectingAll={selectingAll}
          onToggleAll={() => void toggleAll()}
          onOpen={openUser}
        />
      )}

      {bulk && (
        <BulkDialog
          action={bulk}
          rows={[...selection.values()]}
          activeAdministrators={counts.state === "ready" ? counts.value.activeAdministrators : null}
          onClose={(finished) => {
            setBulk(null);
            if (finished) clearSelection();
          }}
        />
      )}
      {route.invite && <InviteDialog onClose={closeInvite} />}
      {route.userId && <UserDetailPanel userId={route.userId} onClose={closeUser} />}
    </section>
  );
}
