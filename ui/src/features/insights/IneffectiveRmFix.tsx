// The one-click fix for relationship-manager flags on Basic users: confirm, run on the Rust
// side with progress, then say what became of each change (done, queued offline, conflict,
// refused with the reason).
import { useEffect, useRef, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ChangeResult } from "../../lib/ipc/backend";
import { newOperationId } from "../../shared/backendEvents";
import { ConfirmDialog } from "../../shared/dialog/ConfirmDialog";
import { useDescribeError, useDescribeReason } from "../../shared/errors/describeError";
import { OperationProgress } from "../../shared/form/OperationProgress";

type Run = { state: "idle" } | { state: "running"; operation: string } | { state: "done"; results: ChangeResult[] } | { state: "failed"; error: unknown };

export function IneffectiveRmFix({ count, onShow }: { count: number; onShow: () => void }) {
  const { t } = useTranslation("insights");
  const backend = useBackend();
  const describe = useDescribeError();
  const [confirming, setConfirming] = useState(false);
  const [run, setRun] = useState<Run>({ state: "idle" });
  // The fix button goes away once the flags are gone: keep the keyboard focus on the outcome.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (run.state === "done" || run.state === "failed") resultRef.current?.focus();
  }, [run.state]);

  const start = async () => {
    setConfirming(false);
    const operation = newOperationId("clear-rm");
    setRun({ state: "running", operation });
    try {
      const results = await backend.clearIneffectiveRelationshipManagers(operation);
      setRun({ state: "done", results });
    } catch (error) {
      setRun({ state: "failed", error });
    }
  };

  const running = run.state === "running";
  return (
    <>
      {count > 0 && (
        <>
          <button
            type="button"
            className="button-primary"
            data-testid="insight-rm-fix"
            disabled={running}
            onClick={() => setConfirming(true)}
          >
            {t("ineffectiveRm.fix")}
          </button>
          <button type="button" className="button-secondary" onClick={onShow}>
            {t("showThem")}
          </button>
        </>
      )}
      <div role="status" aria-live="polite" className="insight-result-region">
        {run.state === "running" && <OperationProgress operation={run.operation} label={t("ineffectiveRm.running")} />}
        {run.state === "done" && <Results ref={resultRef} results={run.results} />}
        {run.state === "failed" && (
          <div ref={resultRef} tabIndex={-1} className="error-text insight-result" data-testid="insight-rm-result">
            {t("ineffectiveRm.failed")} {describe(run.error)}
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          testId="insight-rm-dialog"
          danger={false}
          title={t("ineffectiveRm.confirmTitle")}
          confirmLabel={t("ineffectiveRm.confirm")}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void start()}
        >
          <p>{t("ineffectiveRm.confirmBody", { count })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Results({ results, ref }: { results: ChangeResult[]; ref: Ref<HTMLDivElement> }) {
  const { t } = useTranslation("insights");
  const describeReason = useDescribeReason();
  const countOf = (outcome: ChangeResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  const done = countOf("done");
  const queued = countOf("queued");
  const conflict = countOf("conflict");
  const refused = results.filter((r) => r.outcome === "refused");
  const reasons = [...new Set(refused.map(describeReason))];
  return (
    <div ref={ref} tabIndex={-1} className="insight-result" data-testid="insight-rm-result" data-done={done} data-queued={queued} data-refused={refused.length}>
      {results.length === 0 && <p>{t("ineffectiveRm.resultNothing")}</p>}
      {done > 0 && <p>{t("ineffectiveRm.resultDone", { count: done })}</p>}
      {queued > 0 && <p>{t("ineffectiveRm.resultQueued", { count: queued })}</p>}
      {conflict > 0 && <p className="error-text">{t("ineffectiveRm.resultConflict", { count: conflict })}</p>}
      {refused.length > 0 && (
        <>
          <p className="error-text">{t("ineffectiveRm.resultRefused", { count: refused.length })}</p>
          <ul className="insight-reasons">
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
