// The overview's rows, fetched in windows of PAGE_SIZE around what is visible; never all rows.
// Pages are cached per query; a newer query, or a newer request for the same window, always
// wins over an older reply that arrives late.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { UserQuery, UserRow } from "../../lib/ipc/backend";
import { PAGE_SIZE, queryKey } from "./query";

type Page = { rows: UserRow[]; epoch: string; seq: number };

type Pages = {
  /** The query these pages belong to (the previous one stays on screen until the new one answers). */
  key: string;
  /** All matching rows; `null` before the first answer. */
  total: number | null;
  pages: ReadonlyMap<number, Page>;
};

export type UserPages = {
  /** The rows of the newest answered query. */
  total: number | null;
  /** Whether the rows on screen belong to the current query. */
  current: boolean;
  rowAt: (index: number) => UserRow | undefined;
  /** Tells which rows are visible, so that their pages get fetched. */
  setVisibleRange: (first: number, last: number) => void;
  /** Why the last read failed (`null` when it did not). */
  error: unknown;
  retry: () => void;
};

export function useUserPages(query: UserQuery, cacheVersion: number): UserPages {
  const backend = useBackend();
  const key = queryKey(query);
  // The query object changes identity on every render; its key does not.
  const stableQuery = useMemo(() => JSON.parse(key) as UserQuery, [key]);
  const [attempt, setAttempt] = useState(0);
  const epoch = `${cacheVersion}.${attempt}`;
  const [state, setState] = useState<Pages>({ key, total: null, pages: new Map() });
  const [range, setRange] = useState({ first: 0, last: 0 });
  const [error, setError] = useState<unknown>(null);
  const latestKey = useRef(key);
  const inFlight = useRef(new Set<string>());
  const sequence = useRef(0);

  useEffect(() => {
    latestKey.current = key;
    setError(null);
  }, [key]);

  useEffect(() => {
    const last = state.key === key && state.total !== null ? Math.min(range.last, Math.max(state.total - 1, 0)) : range.last;
    const offsets = new Set<number>([0]);
    for (let offset = Math.floor(range.first / PAGE_SIZE) * PAGE_SIZE; offset <= last; offset += PAGE_SIZE) offsets.add(offset);
    for (const offset of offsets) {
      const page = state.key === key ? state.pages.get(offset) : undefined;
      if (page && page.epoch === epoch) continue;
      const flight = `${key}|${epoch}|${offset}`;
      if (inFlight.current.has(flight)) continue;
      inFlight.current.add(flight);
      const seq = ++sequence.current;
      backend.searchUsers({ ...stableQuery, offset, limit: PAGE_SIZE }).then(
        (reply) => {
          inFlight.current.delete(flight);
          if (latestKey.current !== key) return;
          setState((previous) => {
            const base = previous.key === key ? previous : { key, total: null, pages: new Map<number, Page>() };
            const existing = base.pages.get(offset);
            if (existing && existing.seq > seq) return previous;
            const pages = new Map(base.pages);
            pages.set(offset, { rows: reply.rows, epoch, seq });
            return { key, total: reply.total, pages };
          });
        },
        (failure: unknown) => {
          inFlight.current.delete(flight);
          if (latestKey.current === key) setError(failure);
        },
      );
    }
  }, [backend, key, stableQuery, epoch, range, state]);

  const setVisibleRange = useCallback((first: number, last: number) => {
    setRange((previous) => (previous.first === first && previous.last === last ? previous : { first, last }));
  }, []);

  const rowAt = useCallback(
    (index: number) => {
      const offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
      return state.pages.get(offset)?.rows[index - offset];
    },
    [state],
  );

  const retry = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);

  return { total: state.total, current: state.key === key, rowAt, setVisibleRange, error, retry };
}
