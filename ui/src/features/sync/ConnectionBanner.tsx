import type { TFunction } from "i18next";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { Connection, SyncReportView } from "../../lib/ipc/backend";
import { describeError } from "../../shared/errors/describeError";
import { formatWhen } from "./formatWhen";
import { PendingDialog } from "./PendingDialog";
import "./sync.css";

export type BannerState = "online" | "offline" | "conflict" | "pending";

/** Conflicts need a decision, so they come first; then being offline; then waiting changes. */
export function bannerState(connection: Connection): BannerState {
  if (connection.nConflicts > 0) return "conflict";
  if (!connection.online) return "offline";
  if (connection.nPending > 0) return "pending";
  return "online";
}

type SyncOutcome = { report: SyncReportView } | { failure: unknown };

/** The connection state: asked once, then kept up to date by the back end's events. */
function useConnection(): [Connection | null, (connection: Connection) => void] {
  const backend = useBackend();
  const [connection, setConnection] = useState<Connection | null>(null);
  useEffect(() => {
    let live = true;
    let heard = false;
    const unlisten = backend.onConnectionChanged((next) => {
      if (!live) return;
      heard = true;
      setConnection(next);
    });
    backend.connectionState().then(
      // An event that came first is newer than this answer.
      (current) => live && !heard && setConnection(current),
      () => undefined,
    );
    return () => {
      live = false;
      void unlisten.then((stop) => stop());
    };
  }, [backend]);
  return [connection, setConnection];
}

/** What the banner says: offline since when and which data, conflicts, waiting changes. */
function bannerMessages(connection: Connection, t: TFunction<"sync">, when: (iso: string) => string): string[] {
  const messages: string[] = [];
  if (!connection.online) {
    const since = connection.offlineSince ? when(connection.offlineSince) : null;
    const synced = connection.lastSyncedAt ? when(connection.lastSyncedAt) : null;
    messages.push(
      since && synced
        ? t("banner.offlineFull", { since, synced })
        : since
          ? t("banner.offlineSince", { since })
          : synced
            ? t("banner.offlineData", { synced })
            : t("banner.offline"),
      t("banner.queued"),
    );
  }
  if (connection.nConflicts > 0) messages.push(t("banner.conflicts", { count: connection.nConflicts }));
  if (connection.nPending > 0) messages.push(t("banner.pending", { count: connection.nPending }));
  return messages;
}

/**
 * The honest status line: synced, offline, waiting changes, conflicts. Offline, or with
 * changes waiting, it runs across the top under the header; while all is well it is the
 * quiet "Synced 21:03 · Sync now" at the foot of the side menu (`onlineSlot`), where it
 * costs the screens no height. Moving between the two keeps the keyboard focus in it.
 */
export function ConnectionBanner({ onlineSlot = null }: { onlineSlot?: HTMLElement | null }) {
  const { t, i18n } = useTranslation("sync");
  const backend = useBackend();
  const [connection, setConnection] = useConnection();
  const [syncing, setSyncing] = useState(false);
  const [outcome, setOutcome] = useState<SyncOutcome | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const syncNow = async () => {
    setSyncing(true);
    setOutcome(null);
    try {
      const report = await backend.syncNow();
      if (!mounted.current) return;
      setOutcome({ report });
      const current = await backend.connectionState();
      if (mounted.current) setConnection(current);
    } catch (error) {
      if (mounted.current) setOutcome({ failure: error });
    } finally {
      if (mounted.current) setSyncing(false);
    }
  };

  const state = connection ? bannerState(connection) : null;
  const inSlot = state === "online" && onlineSlot !== null;
  const root = useRef<HTMLDivElement>(null);
  const placed = useRef(inSlot);
  const refocus = useRef(false);
  if (placed.current !== inSlot) {
    // About to move: whether the focus is in the banner's present place (read before the move).
    refocus.current = root.current?.contains(document.activeElement) ?? false;
    placed.current = inSlot;
  }
  useLayoutEffect(() => {
    // Sync now, once it can take the focus again (it is disabled while a sync runs).
    const button = root.current?.querySelector<HTMLButtonElement>('[data-testid="sync-now"]');
    if (!refocus.current || !button || button.disabled) return;
    refocus.current = false;
    button.focus();
  }, [inSlot, syncing]);

  if (!connection || !state) return null;

  const when = (iso: string) => formatWhen(iso, i18n.resolvedLanguage ?? i18n.language);
  const waiting = connection.nPending > 0 || connection.nConflicts > 0;
  const messages = bannerMessages(connection, t, when);

  const banner = (
    <div
      ref={root}
      className={`connection-banner connection-${state}`}
      data-testid="connection-banner"
      data-state={state}
      role="region"
      aria-label={t("banner.label")}
    >
      {state === "online" ? (
        <span className="connection-synced muted" data-testid="synced-at">
          {connection.lastSyncedAt ? t("banner.synced", { time: when(connection.lastSyncedAt) }) : t("banner.neverSynced")}
        </span>
      ) : (
        <p className="connection-message" role="status" data-testid="connection-message">
          {state === "conflict" && (
            <span className="connection-icon" aria-hidden="true">
              !
            </span>
          )}
          {messages.map((message, index) => (
            <span key={index} className={index === 0 ? "connection-lead" : undefined}>
              {index > 0 && " "}
              {message}
            </span>
          ))}
        </p>
      )}
      <span className="connection-result" role="status" data-testid="sync-result">
        {outcome && ("failure" in outcome ? `${t("result.failed")} ${describeError(outcome.failure, t)}` : describeReport(outcome.report, t))}
      </span>
      <span className="connection-actions">
        {waiting && (
          <button
            type="button"
            className={state === "conflict" ? "button-primary" : "button-secondary"}
            data-testid="open-pending"
            aria-haspopup="dialog"
            onClick={() => setDialogOpen(true)}
          >
            {t("banner.review")}
          </button>
        )}
        <button
          type="button"
          className="button-secondary connection-sync"
          data-testid="sync-now"
          disabled={syncing}
          aria-busy={syncing}
          onClick={() => void syncNow()}
        >
          {syncing ? t("banner.syncing") : t("banner.syncNow")}
        </button>
      </span>
      {dialogOpen && <PendingDialog onClose={() => setDialogOpen(false)} />}
    </div>
  );
  return inSlot && onlineSlot ? createPortal(banner, onlineSlot) : banner;
}

function describeReport(report: SyncReportView, t: TFunction<"sync">): string {
  if (report.offline) return t("result.offline");
  const parts: string[] = [];
  if (report.pushed > 0) parts.push(t("result.pushed", { count: report.pushed }));
  if (report.full) parts.push(t("result.refreshed"));
  else if (report.changesPulled > 0) parts.push(t("result.pulled", { count: report.changesPulled }));
  if (report.conflicts > 0) parts.push(t("result.conflicts", { count: report.conflicts }));
  if (report.rejected > 0) parts.push(t("result.rejected", { count: report.rejected }));
  return parts.length > 0 ? parts.join(" · ") : t("result.upToDate");
}
