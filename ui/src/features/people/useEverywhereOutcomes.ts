// The results of a run everywhere as they arrive, by environment (EverywhereProgress events).
import { useEffect, useState } from "react";

import type { EverywhereView } from "../../lib/ipc/backend";
import { useBackend } from "../../lib/ipc/BackendProvider";

export function useEverywhereOutcomes(operation: string | null): Record<string, EverywhereView> {
  const backend = useBackend();
  const [outcomes, setOutcomes] = useState<Record<string, EverywhereView>>({});
  useEffect(() => {
    if (!operation) return;
    setOutcomes({});
    const stop = backend.onEverywhereProgress((progress) => {
      if (progress.operation !== operation) return;
      setOutcomes((current) => ({ ...current, [progress.outcome.environment]: progress.outcome }));
    });
    return () => void stop.then((unlisten) => unlisten());
  }, [backend, operation]);
  return outcomes;
}
