// What a load shows until it has an answer, the same everywhere: "Loading…" while it is asked
// the first time, and the failure with "Try again" when it could not be read. (A refresh that
// fails keeps the last answer on screen: useLoadable.ts.) The answer itself is the caller's.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "./errors/ErrorNotice";

/** A load as `useLoadable` (or a hook built on it) answers it. */
export type LoadState = { state: string; error?: unknown; reload: () => void };

export function LoadStatus({
  load,
  failedTitle,
  announce = false,
}: {
  load: LoadState;
  /** What could not be read ("The organisations could not be read."). */
  failedTitle: ReactNode;
  /** Announce "Loading…" (`role="status"`): for a whole screen's content. */
  announce?: boolean;
}) {
  const { t } = useTranslation();
  if (load.state === "loading") {
    return (
      <p className="muted" role={announce ? "status" : undefined}>
        {t("common:loading")}
      </p>
    );
  }
  if (load.state === "failed") return <ErrorNotice title={failedTitle} error={load.error} onRetry={load.reload} />;
  return null;
}
