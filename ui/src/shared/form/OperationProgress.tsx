// The progress of a long operation on the Rust side (a bulk change, an invitation list,
// offboarding): what is happening, a <progress> bar, and "3 of 10" once the first report is in.
import { useTranslation } from "react-i18next";

import { useProgress } from "../backendEvents";
import "./form.css";

export function ProgressBar({
  label,
  progressLabel,
  done,
  total,
}: {
  /** What is happening ("Sending invitations…"). */
  label: string;
  /** The bar's accessible name (default: `label`). */
  progressLabel?: string;
  /** `null` before the first report: the bar is indeterminate. */
  done: number | null;
  total: number | null;
}) {
  const { t } = useTranslation();
  const known = done !== null && total !== null;
  return (
    <div className="operation-progress" role="status">
      <span>{label}</span>
      {known ? (
        <progress aria-label={progressLabel ?? label} value={done} max={Math.max(total, 1)} />
      ) : (
        <progress aria-label={progressLabel ?? label} />
      )}
      {known && <span className="muted operation-progress-count">{t("common:progress", { done, total })}</span>}
    </div>
  );
}

/** The progress the back end reports for `operation`. */
export function OperationProgress({
  operation,
  label,
  progressLabel,
}: {
  operation: string;
  label: string;
  progressLabel?: string;
}) {
  const progress = useProgress(operation);
  return <ProgressBar label={label} progressLabel={progressLabel} done={progress?.done ?? null} total={progress?.total ?? null} />;
}
