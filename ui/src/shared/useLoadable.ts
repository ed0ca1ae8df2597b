// The one data-loading hook of the UI.
//
// Why not TanStack Query: the Rust side owns the data and announces changes (the cache
// version in backendEvents.tsx); a client cache would be a second copy of it, with its own
// staleness rules to keep in step. So this hook keeps no cache of its own. It asks once per
// question (`deps`), keeps the last answer on screen while asking again (no flash back to
// "loading"), asks again when the back end says the cache changed and on `reload()` (a
// "Try again" button), and drops answers that arrive after a newer question was asked.
import { useCallback, useEffect, useMemo, useRef, useState, type DependencyList } from "react";

import { useCacheVersion } from "./backendEvents";

export type Loadable<T> =
  | { state: "loading" }
  /**
   * `refreshing` while it is asked again; `refreshError` (else `null`) when asking again
   * failed: the last answer stays.
   */
  | { state: "ready"; value: T; refreshing: boolean; refreshError: unknown }
  | { state: "failed"; error: unknown };

export type Loaded<T> = Loadable<T> & {
  /** Asks again (keeps the last answer meanwhile; a failed load shows "loading" again). */
  reload: () => void;
};

export type LoadOptions = {
  /** Ask again whenever the back end says the cache changed (default true). */
  refreshOnCacheChange?: boolean;
  /** While false nothing is asked (default true). */
  enabled?: boolean;
  /** Keep showing the last answer while a new question (`deps` changed) is asked (default false). */
  keepPreviousValue?: boolean;
};

const LOADING = { state: "loading" } as const;

function refreshing<T>(loadable: Loadable<T>): Loadable<T> {
  return loadable.state === "ready" ? { ...loadable, refreshing: true } : LOADING;
}

/** Runs `load` for each change of `deps` (and on cache changes and `reload()`), and tracks its answer. */
export function useLoadable<T>(load: () => Promise<T>, deps: DependencyList, options: LoadOptions = {}): Loaded<T> {
  const { refreshOnCacheChange = true, enabled = true, keepPreviousValue = false } = options;
  const cacheVersion = useCacheVersion();
  const watchedVersion = refreshOnCacheChange ? cacheVersion : 0;
  const [attempt, setAttempt] = useState(0);
  // One object per question: the answer kept belongs to the question it answers.
  const question = useMemo(() => ({}), deps);
  const [answer, setAnswer] = useState<{ question: object; loadable: Loadable<T> }>({ question, loadable: LOADING });
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    const run = ++latest.current;
    setAnswer((current) =>
      current.question === question || keepPreviousValue
        ? { question, loadable: refreshing(current.loadable) }
        : { question, loadable: LOADING },
    );
    load().then(
      (value) => {
        if (latest.current === run) setAnswer({ question, loadable: { state: "ready", value, refreshing: false, refreshError: null } });
      },
      (error: unknown) => {
        if (latest.current !== run) return;
        setAnswer((current) =>
          current.question === question && current.loadable.state === "ready"
            ? { question, loadable: { ...current.loadable, refreshing: false, refreshError: error } }
            : { question, loadable: { state: "failed", error } },
        );
      },
    );
    // `load` belongs to `question`; a newer run makes this one's answer stale.
  }, [question, watchedVersion, attempt, enabled]);

  // Nothing asked about any more after unmount.
  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  let loadable = answer.loadable;
  if (answer.question !== question) loadable = keepPreviousValue ? refreshing(answer.loadable) : LOADING;
  return { ...loadable, reload };
}

/** The value when there is one (also while it is asked again), else `fallback`. */
export function valueOr<T, F>(loadable: Loadable<T>, fallback: F): T | F {
  return loadable.state === "ready" ? loadable.value : fallback;
}
