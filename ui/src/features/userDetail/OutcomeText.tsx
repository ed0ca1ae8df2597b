// What became of one change, in words: done, queued while offline (not an error), a
// conflict or a refusal with the Rust side's reason.
import { useTranslation } from "react-i18next";

import type { ChangeResult } from "../../lib/ipc/backend";

export function OutcomeText({ result }: { result: ChangeResult }) {
  const { t } = useTranslation("userDetail");
  const reason = result.reason ?? result.code ?? t("outcome.unknownReason");
  const className = result.outcome === "done" ? undefined : result.outcome === "queued" ? "warning-text" : "error-text";
  return <span className={className}>{t(`outcome.${result.outcome}`, { reason })}</span>;
}
