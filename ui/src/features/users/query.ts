// The overview's filters and sort, and how they become a `UserQuery` for the Rust side.
import type { UserFilter } from "../../app/navigation";
import type { SortView, UserQuery } from "../../lib/ipc/backend";

/** Rows per request: the table asks for windows of this size around what is visible. */
export const PAGE_SIZE = 100;

/** Rows per request when gathering every matching user for "select all matching". */
export const SELECT_ALL_PAGE_SIZE = 1000;

export type Sort = { sort: SortView; descending: boolean };

export const DEFAULT_SORT: Sort = { sort: "name", descending: false };

export const EMPTY_FILTER: UserFilter = {};

/** The flags that are checkboxes, in the order they are shown. */
export const FLAG_FILTERS = [
  ["noOrganisation", "filter-no-organisation"],
  ["pendingInvitation", "filter-pending"],
  ["expired", "filter-expired"],
  ["staleInvitation", "filter-stale"],
  ["ineffectiveRelationshipManager", "filter-ineffective-rm"],
] as const;

export type FlagFilter = (typeof FLAG_FILTERS)[number][0];

/** A copy without empty values, so that equal filters give equal queries. */
export function cleanFilter(filter: UserFilter | undefined): UserFilter {
  const clean: UserFilter = {};
  if (!filter) return clean;
  if (filter.text) clean.text = filter.text;
  if (filter.status) clean.status = filter.status;
  if (filter.role) clean.role = filter.role;
  if (filter.organisationId) clean.organisationId = filter.organisationId;
  for (const [flag] of FLAG_FILTERS) if (filter[flag]) clean[flag] = true;
  return clean;
}

/** Whether anything narrows the list (text or any filter). */
export function isFiltered(filter: UserFilter): boolean {
  return Object.keys(cleanFilter(filter)).length > 0;
}

/** The query for the Rust side, without the window (offset and limit). */
export function toQuery(filter: UserFilter, sort: Sort): UserQuery {
  const clean = cleanFilter(filter);
  return { ...clean, text: clean.text?.trim() || undefined, sort: sort.sort, descending: sort.descending };
}

/** A stable key for a query: equal queries, equal keys. */
export function queryKey(query: UserQuery): string {
  return JSON.stringify(query, Object.keys(query).sort());
}
