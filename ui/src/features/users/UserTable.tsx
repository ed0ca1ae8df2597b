// The overview's table: virtualised (only the visible rows exist in the DOM), so that it stays
// smooth with 100,000 users; ARIA table semantics so screen readers know where they are.
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { SortView, UserRow } from "../../lib/ipc/backend";
import type { Sort } from "./query";
import type { Selection } from "./useSelection";

/** Keep in step with --users-row-height in users.css. */
export const ROW_HEIGHT = 40;
/** The height to assume when the scroll area has none yet (before layout, or in tests). */
const FALLBACK_HEIGHT = 1000;

/** Like the library's, but an element without a size (no layout yet) counts as FALLBACK_HEIGHT tall. */
export function observeRectWithFallback(instance: Virtualizer<HTMLDivElement, Element>, callback: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 1000, height: FALLBACK_HEIGHT }),
  );
}

type Column = { id: string; sort?: SortView };

const COLUMNS: Column[] = [
  { id: "name", sort: "name" },
  { id: "email", sort: "email" },
  { id: "role", sort: "role" },
  { id: "status", sort: "status" },
  { id: "relationshipManager" },
  { id: "organisations", sort: "organisations" },
  { id: "invitation", sort: "expires" },
];

export type UserTableProps = {
  total: number;
  rowAt: (index: number) => UserRow | undefined;
  setVisibleRange: (first: number, last: number) => void;
  /** Changes when the query changes: the table scrolls back to the top. */
  resetKey: string;
  sort: Sort;
  onSort: (sort: SortView) => void;
  selection: Selection;
  onOpen: (row: UserRow) => void;
};

export function UserTable(props: UserTableProps) {
  const { t } = useTranslation("users");
  const { total, rowAt, setVisibleRange, resetKey, sort, onSort, selection } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height: FALLBACK_HEIGHT },
    observeElementRect: observeRectWithFallback,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => setVisibleRange(first, last), [first, last, setVisibleRange]);

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);

  const focusRow = (index: number) => {
    if (index < 0 || index >= total) return;
    virtualizer.scrollToIndex(index);
    const find = () => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    const row = find();
    if (row) row.focus();
    else requestAnimationFrame(() => find()?.focus());
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number, row: UserRow | undefined) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      focusRow(index + (event.key === "ArrowDown" ? 1 : -1));
      return;
    }
    if (event.target !== event.currentTarget || !row) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onOpen(row);
    }
  };

  return (
    <div className="users-table" role="table" aria-label={t("table.label")} aria-rowcount={total + 1} data-testid="user-table">
      <UserTableHead total={total} sort={sort} onSort={onSort} selection={selection} />
      <div role="rowgroup" ref={scrollRef} className="users-table-body" data-testid="user-table-body">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const style = { transform: `translateY(${item.start}px)` };
            if (!row) {
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-busy="true"
                  data-index={item.index}
                  className="users-row users-row-loading"
                  style={style}
                  data-testid="user-row-loading"
                >
                  <div role="cell" className="users-cell muted">
                    {t("common:loading")}
                  </div>
                </div>
              );
            }
            const isSelected = selection.rows.has(row.id);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                tabIndex={0}
                className={`users-row${isSelected ? " users-row-selected" : ""}`}
                style={style}
                data-testid="user-row"
                data-email={row.email}
                data-status={row.status}
                onClick={() => props.onOpen(row)}
                onKeyDown={(event) => onRowKeyDown(event, item.index, row)}
              >
                <UserCells row={row} selected={isSelected} onToggle={selection.toggle} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The header row: select all matching, and the column titles (sortable ones are buttons). */
function UserTableHead({ total, sort, onSort, selection }: Pick<UserTableProps, "total" | "sort" | "onSort" | "selection">) {
  const { t } = useTranslation("users");
  const selectAllRef = useRef<HTMLInputElement>(null);
  const { allSelected, selectingAll } = selection;
  const someSelected = selection.rows.size > 0;
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = someSelected && !allSelected;
  }, [someSelected, allSelected]);
  return (
    <div role="rowgroup" className="users-table-head">
      <div role="row" aria-rowindex={1} className="users-row users-row-head">
        <div role="columnheader" className="users-cell users-cell-select">
          <input
            ref={selectAllRef}
            type="checkbox"
            data-testid="select-all"
            aria-label={t("table.selectAll", { count: total })}
            checked={allSelected}
            disabled={total === 0 || selectingAll}
            onChange={() => void selection.toggleAll()}
          />
        </div>
        {COLUMNS.map((column) => {
          const active = column.sort !== undefined && sort.sort === column.sort;
          const ariaSort = active ? (sort.descending ? "descending" : "ascending") : column.sort ? "none" : undefined;
          return (
            <div key={column.id} role="columnheader" aria-sort={ariaSort} className={`users-cell users-cell-${column.id}`}>
              {column.sort ? (
                <button
                  type="button"
                  className="users-sort"
                  data-testid={`sort-${column.sort}`}
                  data-sort={ariaSort}
                  onClick={() => column.sort && onSort(column.sort)}
                >
                  {t(`column.${column.id}`)}
                  <span aria-hidden="true" className="users-sort-arrow">
                    {active ? (sort.descending ? "▼" : "▲") : ""}
                  </span>
                </button>
              ) : (
                t(`column.${column.id}`)
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A date as the overview shows it, in `language`; one formatter per language (making one
 * costs more than the rest of a row). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: string): Intl.DateTimeFormat {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
    dateFormats.set(language, format);
  }
  return format;
}

/**
 * One user's cells. The columns give way by priority as the table narrows (container queries
 * in users.css): email and status always show; the relationship manager, the invitation and
 * the name then move into the role, status and email cells (the `users-collapsed` parts),
 * and what still does not fit is in the detail panel. Long values end in an ellipsis, with
 * the full value in the tooltip, and in full while the row has the focus.
 */
const UserCells = memo(function UserCells({ row, selected, onToggle }: { row: UserRow; selected: boolean; onToggle: (row: UserRow) => void }) {
  const { t, i18n } = useTranslation("users");
  const date = (iso: string | null) => (iso ? dateFormat(i18n.language).format(new Date(iso)) : "");
  const invitation =
    row.status === "invited"
      ? {
          by: row.invitedBy ? t("invitation.by", { who: row.invitedBy, when: date(row.invitedAt) }) : t("invitation.at", { when: date(row.invitedAt) }),
          expiry: row.expiresAt ? t(row.expired ? "invitation.expiredOn" : "invitation.expiresOn", { when: date(row.expiresAt) }) : "",
        }
      : null;
  const name = row.name ?? row.email;
  const role = t(`common:role.${row.role}`);
  const noEffect = row.relationshipManager && row.role === "basic";
  return (
    <>
      <div role="cell" className="users-cell users-cell-select" onClick={(event) => event.stopPropagation()}>
        <input type="checkbox" data-testid="row-select" aria-label={t("table.select", { email: row.email })} checked={selected} onChange={() => onToggle(row)} />
      </div>
      <div role="cell" className="users-cell users-cell-name" title={name}>
        <strong>{name}</strong>
      </div>
      <div role="cell" className="users-cell users-cell-email" title={row.name ? `${row.name}\n${row.email}` : row.email}>
        {row.name && <strong className="users-collapsed users-collapsed-name">{row.name}</strong>}
        <span className="users-line">{row.email}</span>
      </div>
      <div role="cell" className="users-cell users-cell-role" title={row.relationshipManager ? `${role}\n${t(noEffect ? "relationshipManager.noEffectTitle" : "relationshipManager.yes")}` : role}>
        <span className="users-line">{role}</span>
        {row.relationshipManager && (
          <span className={`users-collapsed users-collapsed-rm users-note ${noEffect ? "warning-text" : "muted"}`}>
            {noEffect ? t("relationshipManager.shortNoEffect") : t("relationshipManager.short")}
          </span>
        )}
      </div>
      <div role="cell" className="users-cell users-cell-status" title={invitation ? `${invitation.by}\n${invitation.expiry}` : undefined}>
        <span className="users-badges">
          {row.expired ? (
            <span className="badge badge-expired" data-testid="status-badge">
              {t("status.expired")}
            </span>
          ) : (
            <span className={`badge badge-${row.status}`} data-testid="status-badge">
              {t(`common:status.${row.status}`)}
            </span>
          )}
          {row.pending && (
            <span className="badge badge-pending" data-testid="pending-marker" title={t("pending.title")}>
              {t("pending.marker")}
            </span>
          )}
        </span>
        {invitation?.expiry && <span className={`users-collapsed users-collapsed-invitation users-note ${row.expired ? "warning-text" : "muted"}`}>{invitation.expiry}</span>}
      </div>
      <div role="cell" className="users-cell users-cell-relationshipManager" title={noEffect ? t("relationshipManager.noEffectTitle") : undefined}>
        {row.relationshipManager ? (
          <>
            <span aria-hidden="true">✓</span>
            <span className="visually-hidden">{t("relationshipManager.yes")}</span>
            {noEffect && (
              <span className="users-note warning-text" data-testid="rm-no-effect">
                {t("relationshipManager.noEffect")}
              </span>
            )}
          </>
        ) : (
          <span className="visually-hidden">{t("relationshipManager.no")}</span>
        )}
      </div>
      <div role="cell" className="users-cell users-cell-organisations" title={row.organisationCount === 0 ? t("organisations.noneTitle") : undefined}>
        {row.organisationCount === 0 ? (
          <span className="users-note warning-text" data-testid="no-organisation">
            {t("organisations.none")}
          </span>
        ) : (
          row.organisationCount
        )}
      </div>
      <div role="cell" className="users-cell users-cell-invitation" title={invitation ? `${invitation.by}\n${invitation.expiry}` : undefined}>
        {invitation && (
          <span className="users-note">
            <span className="muted">{invitation.by}</span>
            <span className={row.expired ? "warning-text" : "muted"}>{invitation.expiry}</span>
          </span>
        )}
      </div>
    </>
  );
});
