import { useEffect, useState } from "react";

export type Loadable<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

/** Runs `load` once per change of `deps`, and tracks its result. */
export function useLoadable<T>(load: () => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: "loading" });
  useEffect(() => {
    let cancelled = false;
    setResult({ state: "loading" });
    load().then(
      (value) => !cancelled && setResult({ state: "ready", value }),
      (error: unknown) =>
        !cancelled && setResult({ state: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, deps);
  return result;
}
