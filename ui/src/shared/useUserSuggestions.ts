// Colleagues matching what is typed, from the Rust cache, for a field that picks one (add a
// member to an organisation, invite "with the same access as …"). The last answer stays
// while the next is asked.
import { useBackend } from "../lib/ipc/BackendProvider";
import type { UserRow } from "../lib/ipc/backend";
import { useLoadable } from "./useLoadable";

const SUGGESTIONS = 8;

export type Suggestions = { text: string; rows: UserRow[] };

export function useUserSuggestions(query: string, enabled: boolean): Suggestions | null {
  const backend = useBackend();
  const found = useLoadable(
    () =>
      backend.searchUsers({ text: query, limit: SUGGESTIONS }).then(
        (page): Suggestions => ({ text: query, rows: page.rows }),
        (): Suggestions => ({ text: query, rows: [] }),
      ),
    [backend, query],
    { enabled, keepPreviousValue: true, refreshOnCacheChange: false },
  );
  return enabled && found.state === "ready" ? found.value : null;
}
