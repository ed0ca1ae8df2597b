// The audit log as the Activity screen shows it: the first page, read again on every cache
// change (a change made here shows up at once) and on Refresh, in front of the older pages
// loaded with "Load more".
import { useMemo, useState } from "react";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { AuditEvent, AuditPage } from "../../lib/ipc/backend";
import { useLoadable, valueOr } from "../../shared/useLoadable";

export type Feed = { events: AuditEvent[]; nextCursor: string | null };
/** Older pages loaded with "Load more", after the first page `after`. */
export type More = { after: AuditPage; events: AuditEvent[]; nextCursor: string | null };

/** Whether the older pages still follow on `first` (it overlaps them, or is the page they follow). */
function continues(first: AuditPage, more: More): boolean {
  if (first === more.after) return true;
  const ids = new Set(first.items.map((e) => e.id));
  return [...more.after.items, ...more.events].some((e) => ids.has(e.id));
}

/** The first page in front of the older pages, which are dropped when there is a gap. */
export function combineFeed(first: AuditPage | null, more: More | null): Feed | null {
  if (!first) return null;
  if (!more || !continues(first, more)) return { events: first.items, nextCursor: first.nextCursor };
  const ids = new Set(first.items.map((e) => e.id));
  const older = [...more.after.items, ...more.events].filter((e) => !ids.has(e.id));
  return { events: [...first.items, ...older], nextCursor: older.length > 0 ? more.nextCursor : first.nextCursor };
}

export function useAuditFeed() {
  const backend = useBackend();
  const firstPage = useLoadable(() => backend.auditEvents(null), [backend]);
  const [more, setMore] = useState<More | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = valueOr(firstPage, null);
  const feed = useMemo(() => combineFeed(first, more), [first, more]);

  const loadMore = async () => {
    if (!first || !feed?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await backend.auditEvents(feed.nextCursor);
      setMore((current) => {
        const base = current && continues(first, current) ? current : { after: first, events: [], nextCursor: null };
        const ids = new Set([...first.items, ...base.after.items, ...base.events].map((e) => e.id));
        return { after: base.after, events: [...base.events, ...page.items.filter((e) => !ids.has(e.id))], nextCursor: page.nextCursor };
      });
      setMoreError(null);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const refresh = () => {
    setMoreError(null);
    firstPage.reload();
  };

  /** Why the log (or its next page) could not be read. */
  const problem: unknown = moreError ?? (firstPage.state === "failed" ? firstPage.error : firstPage.state === "ready" ? firstPage.refreshError : null);
  return {
    feed,
    loading: firstPage.state === "loading",
    busy: (firstPage.state === "ready" && firstPage.refreshing) || loadingMore,
    loadingMore,
    problem,
    loadMore,
    refresh,
  };
}
