import { useBackend } from "../lib/ipc/BackendProvider";
import type { AppInfo } from "../lib/ipc/backend";
import { useLoadable, type Loaded } from "./useLoadable";

export function useAppInfo(): Loaded<AppInfo> {
  const backend = useBackend();
  return useLoadable(() => backend.appInfo(), [backend], { refreshOnCacheChange: false });
}
