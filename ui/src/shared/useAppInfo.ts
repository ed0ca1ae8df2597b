import { useEffect, useState } from "react";

import { useBackend } from "../lib/ipc/BackendProvider";
import type { AppInfo } from "../lib/ipc/backend";

export type Loadable<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

export function useAppInfo(): Loadable<AppInfo> {
  const backend = useBackend();
  const [info, setInfo] = useState<Loadable<AppInfo>>({ state: "loading" });
  useEffect(() => {
    let cancelled = false;
    backend.appInfo().then(
      (value) => !cancelled && setInfo({ state: "ready", value }),
      (error: unknown) =>
        !cancelled && setInfo({ state: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);
  return info;
}
