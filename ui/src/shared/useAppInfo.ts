import { useBackend } from "../lib/ipc/BackendProvider";
import type { AppInfo } from "../lib/ipc/backend";
import { useLoadable, type Loadable } from "./useLoadable";

export type { Loadable } from "./useLoadable";

export function useAppInfo(): Loadable<AppInfo> {
  const backend = useBackend();
  return useLoadable(() => backend.appInfo(), [backend]);
}
