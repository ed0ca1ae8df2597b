// The Rust side owns the data: screens re-read it when the cache changes. One listener per
// event kind for the whole app, shared through context.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import { useBackend } from "../lib/ipc/BackendProvider";
import type { CacheChanged, Progress } from "../lib/ipc/backend";

type BackendEvents = {
  /** Increases whenever the cache changed; use it as an effect dependency to re-read. */
  cacheVersion: number;
  lastChange: CacheChanged | null;
  /** The latest progress per operation id. */
  progress: Record<string, Progress>;
};

const EventsContext = createContext<BackendEvents>({ cacheVersion: 0, lastChange: null, progress: {} });

export function BackendEventsProvider({ children }: { children: ReactNode }) {
  const backend = useBackend();
  const [state, setState] = useState<BackendEvents>({ cacheVersion: 0, lastChange: null, progress: {} });
  useEffect(() => {
    const unlisten: Array<Promise<() => void>> = [
      backend.onCacheChanged((change) =>
        setState((current) => ({ ...current, cacheVersion: current.cacheVersion + 1, lastChange: change })),
      ),
      backend.onProgress((progress) =>
        setState((current) => ({ ...current, progress: { ...current.progress, [progress.operation]: progress } })),
      ),
    ];
    return () => {
      for (const stop of unlisten) void stop.then((fn) => fn());
    };
  }, [backend]);
  return <EventsContext.Provider value={state}>{children}</EventsContext.Provider>;
}

/** A number that changes whenever the cache changed. */
export function useCacheVersion(): number {
  return useContext(EventsContext).cacheVersion;
}

/** The latest progress of the operation with this id (`null` before the first report). */
export function useProgress(operation: string | null): Progress | null {
  const progress = useContext(EventsContext).progress;
  return operation ? (progress[operation] ?? null) : null;
}

/** A fresh id for an operation whose progress the UI shows. */
export function newOperationId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
