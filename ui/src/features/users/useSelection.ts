// The overview's selection: the rows as they were when selected (the bulk summary needs their
// status and role), and "select all matching", which gathers every row of the query.
import { useCallback, useState } from "react";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { UserQuery, UserRow } from "../../lib/ipc/backend";
import { SELECT_ALL_PAGE_SIZE } from "./query";

export type Selection = {
  rows: ReadonlyMap<string, UserRow>;
  /** Every row matching the current query is selected. */
  allSelected: boolean;
  selectingAll: boolean;
  /** Why gathering every matching row failed (`null` when it did not). */
  selectError: unknown;
  toggle: (row: UserRow) => void;
  toggleAll: () => Promise<void>;
  clear: () => void;
};

export function useSelection(query: UserQuery, key: string): Selection {
  const backend = useBackend();
  const [rows, setRows] = useState<ReadonlyMap<string, UserRow>>(new Map());
  const [allMatchingKey, setAllMatchingKey] = useState<string | null>(null);
  const [selectingAll, setSelectingAll] = useState(false);
  const [selectError, setSelectError] = useState<unknown>(null);

  const toggle = useCallback((row: UserRow) => {
    setAllMatchingKey(null);
    setRows((previous) => {
      const next = new Map(previous);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });
  }, []);

  const clear = useCallback(() => {
    setAllMatchingKey(null);
    setRows(new Map());
  }, []);

  const allSelected = allMatchingKey === key && rows.size > 0;

  const toggleAll = async () => {
    if (allSelected) {
      clear();
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
      setRows(gathered);
      setAllMatchingKey(key);
    } catch (failure) {
      setSelectError(failure);
    } finally {
      setSelectingAll(false);
    }
  };

  return { rows, allSelected, selectingAll, selectError, toggle, toggleAll, clear };
}
