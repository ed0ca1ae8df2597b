// Every environment with its cache's status (synced 2 min ago / syncing / offline / sign-in
// needed / 3 waiting): read once, then kept current by the back end's status events (the
// background sync rounds). An environment the list does not know yet (just added) reads
// the list again.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatWhen } from "../features/sync/formatWhen";
import { useBackend } from "../lib/ipc/BackendProvider";
import type { EnvironmentStatus } from "../lib/ipc/backend";
import { useLoadable, type Loaded } from "./useLoadable";

export function useEnvironmentStatuses(): Loaded<EnvironmentStatus[]> {
  const backend = useBackend();
  const loaded = useLoadable(() => backend.environmentStatuses(), [backend]);
  const [updates, setUpdates] = useState<Record<string, EnvironmentStatus>>({});
  const { reload } = loaded;
  const known = loaded.state === "ready" ? loaded.value : null;

  useEffect(() => {
    const stop = backend.onEnvironmentStatus((status) => setUpdates((current) => ({ ...current, [status.environment]: status })));
    return () => void stop.then((unlisten) => unlisten());
  }, [backend]);

  useEffect(() => {
    if (known && Object.keys(updates).some((name) => !known.some((status) => status.environment === name))) reload();
  }, [known, updates, reload]);

  return useMemo(() => {
    if (loaded.state !== "ready") return loaded;
    // The signed-in one's status comes from its session (the list), not the rounds.
    const value = loaded.value.map((status) => (status.current ? status : { ...status, ...updates[status.environment], current: false }));
    return { ...loaded, value };
  }, [loaded, updates]);
}

/** "synced 14:02 · 3 waiting": an environment's status in words. */
export function useDescribeStatus(): (status: EnvironmentStatus) => string {
  const { t, i18n } = useTranslation();
  return (status) => {
    const when = status.lastSyncedAt ? formatWhen(status.lastSyncedAt, i18n.language) : null;
    const state =
      status.state === "synced"
        ? when
          ? t("environment.state.synced", { when })
          : t("environment.state.syncedNever")
        : status.state === "offline"
          ? when
            ? t("environment.state.offline", { when })
            : t("environment.state.offlineNever")
          : t(`environment.state.${status.state}`);
    const parts = [state];
    if (status.waiting > 0) parts.push(t("environment.waiting", { count: status.waiting }));
    if (status.conflicts > 0) parts.push(t("environment.conflicts", { count: status.conflicts }));
    return parts.join(" · ");
  };
}
