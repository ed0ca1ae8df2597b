// Offboarding (or blocking) one person in every environment: the plan per environment
// first (what would be removed; where it is refused, why and what to do), then the run
// with each environment's result as it comes, then the results. Every change goes through
// that environment's outbox: offline it is queued there and lands once with its next sync.
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { EverywhereAction, EverywhereView, StepView } from "../../lib/ipc/backend";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { newOperationId, useProgress } from "../../shared/backendEvents";
import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { useDescribeError } from "../../shared/errors/describeError";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";
import { useEverywhereOutcomes } from "./useEverywhereOutcomes";

type Phase = { step: "plan" } | { step: "running"; operation: string } | { step: "done"; results: EverywhereView[] } | { step: "failed"; error: string };

export function EverywhereDialog({ email, action, onClose }: { email: string; action: EverywhereAction; onClose: () => void }) {
  const { t } = useTranslation("people");
  const backend = useBackend();
  const describe = useDescribeError();
  const plan = useLoadable(() => backend.planEverywhere(email, action), [backend, email, action], { refreshOnCacheChange: false });
  const [phase, setPhase] = useState<Phase>({ step: "plan" });
  const operation = phase.step === "running" ? phase.operation : null;
  const progress = useProgress(operation);
  const arrived = useEverywhereOutcomes(operation);
  const planned = plan.state === "ready" ? plan.value : [];
  const toDo = planned.filter((view) => view.result === "planned").length;

  async function run() {
    const id = newOperationId("everywhere");
    setPhase({ step: "running", operation: id });
    try {
      const results = await backend.runEverywhere(email, action, id);
      setPhase({ step: "done", results });
    } catch (error) {
      setPhase({ step: "failed", error: describe(error) });
    }
  }

  // What each environment shows: its result once it has one, else its plan.
  const shown: EverywhereView[] =
    phase.step === "done" ? phase.results : planned.map((view) => arrived[view.environment] ?? view);
  const count = (result: EverywhereView["result"]) => shown.filter((view) => view.result === result).length;
  const running = phase.step === "running";

  const actions =
    phase.step === "plan" ? (
      <>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t("common:cancel")}
        </button>
        <button type="button" className="button-danger" disabled={toDo === 0} onClick={() => void run()} data-testid="everywhere-run">
          {t(action === "offboard" ? "everywhere.runOffboard" : "everywhere.runBlock", { count: toDo })}
        </button>
      </>
    ) : running ? undefined : (
      <DialogCloseButton onClose={onClose} primary />
    );

  return (
    <Dialog
      title={t(action === "offboard" ? "everywhere.offboardTitle" : "everywhere.blockTitle", { email })}
      onClose={running ? null : onClose}
      testId="everywhere-dialog"
      attributes={{ "data-step": phase.step }}
      busy={running}
      focusKey={phase.step}
      description={<p>{t(action === "offboard" ? "everywhere.explainOffboard" : "everywhere.explainBlock")}</p>}
      footer={
        <div role="status" aria-live="polite" data-testid="everywhere-status">
          {plan.state === "loading" && t("everywhere.planning")}
          {phase.step === "plan" && plan.state === "ready" && toDo === 0 && t("everywhere.nothingToDo", { email })}
          {running && t("everywhere.running", { done: progress?.done ?? 0, total: progress?.total ?? toDo })}
          {phase.step === "done" && t("everywhere.finished", { done: count("done"), queued: count("queued"), refused: count("refused") + count("conflict") })}
          {phase.step === "failed" && <span className="error-text">{phase.error}</span>}
        </div>
      }
      actions={actions}
    >
      <LoadStatus load={plan} failedTitle={t("everywhere.planFailed")} />
      {shown.length > 0 && (
        <table className="everywhere-table">
          <thead>
            <tr>
              <th scope="col">{t("column.environment")}</th>
              <th scope="col">{t("everywhere.willDo")}</th>
              <th scope="col">{t("column.status")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((view) => (
              <tr key={view.environment} data-testid="everywhere-row" data-environment={view.environment} data-result={view.result}>
                <th scope="row">{view.environmentName}</th>
                <td>
                  {view.steps.length > 0 ? (
                    <ul className="everywhere-steps">
                      {view.steps.map((step, index) => (
                        <li key={index}>{describeStep(step, t)}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <span className={`everywhere-result everywhere-result-${view.result}`}>
                    <span aria-hidden="true">{RESULT_MARK[view.result]}</span> {t(`everywhere.result.${view.result}`)}
                  </span>
                  {view.message && view.result !== "done" && view.result !== "notFound" && <p className="everywhere-message">{view.message}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

/** A mark beside each result's words, so that no result is told by colour alone. */
const RESULT_MARK: Record<EverywhereView["result"], string> = {
  planned: "→",
  done: "✓",
  queued: "⏳",
  refused: "✕",
  conflict: "!",
  notFound: "–",
};

function describeStep(step: StepView, t: TFunction<"people">): string {
  if (step.kind === "removeMembership") return t("everywhere.step.removeMembership", { organisation: step.organisationName });
  return t(`everywhere.step.${step.kind}`);
}
