// Guided offboarding: what will happen (memberships, the account, the administrator check),
// then one run on the Rust side with progress, then what became of each step.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type ChangeResult, type MembershipView, type UserDetail } from "../../lib/ipc/backend";
import { newOperationId, useProgress, useCacheVersion } from "../../shared/backendEvents";
import { useLoadable } from "../../shared/useLoadable";
import { useModalDialog } from "../invite/useModalDialog";
import { OutcomeText } from "./OutcomeText";

type Phase =
  | { step: "review"; error?: string }
  | { step: "running"; operation: string }
  | { step: "results"; results: ChangeResult[]; memberships: MembershipView[] };

export function OffboardingDialog({ detail, onClose }: { detail: UserDetail; onClose: () => void }) {
  const backend = useBackend();
  const { t } = useTranslation("userDetail");
  const ids = useId();
  const cacheVersion = useCacheVersion();
  const [phase, setPhase] = useState<Phase>({ step: "review" });
  const dialogRef = useModalDialog<HTMLDivElement>(onClose, { canClose: phase.step !== "running" });
  const isAdministrator = detail.role === "administrator";
  const counts = useLoadable(
    () => (isAdministrator ? backend.overviewCounts() : Promise.resolve(null)),
    [backend, isAdministrator, cacheVersion],
  );
  const name = detail.name ?? detail.email;
  const blocked = detail.lastAdministrator;
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (phase.step === "results") closeRef.current?.focus();
  }, [phase.step]);

  async function run() {
    const memberships = detail.memberships;
    const operation = newOperationId("offboard");
    setPhase({ step: "running", operation });
    try {
      const results = await backend.offboard(operation, detail.id);
      setPhase({ step: "results", results, memberships });
    } catch (error) {
      setPhase({ step: "review", error: t("offboard.failed", { message: errorMessage(error) }) });
    }
  }

  const stepLabel = (index: number, memberships: MembershipView[], total: number) => {
    const membership = memberships[index];
    if (membership) return t("offboard.stepMembership", { organisation: membership.organisationName });
    if (index === total - 1) return t("offboard.stepAccount");
    return t("offboard.stepOther", { n: index + 1 });
  };

  let administratorCheck: string;
  if (!isAdministrator) administratorCheck = t("offboard.notAdministrator");
  else if (blocked) administratorCheck = t("lastAdministrator", { email: detail.email });
  else if (counts.state === "ready" && counts.value) {
    const remain = Math.max(counts.value.activeAdministrators - (detail.status === "active" ? 1 : 0), 0);
    administratorCheck = t("offboard.remain", { count: remain });
    if (remain < 2) administratorCheck += ` ${t("offboard.recommendTwo")}`;
  } else if (counts.state === "failed") administratorCheck = counts.message;
  else administratorCheck = t("common:loading");

  return (
    <div className="dialog-backdrop detail-confirm-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        data-testid="offboarding"
        tabIndex={-1}
      >
        <h2 id={`${ids}-title`}>{t("offboard.title", { name })}</h2>
        {phase.step === "results" ? (
          <>
            <h3>{t("offboard.results")}</h3>
            <ol className="detail-offboard-results" data-testid="offboarding-results">
              {phase.results.map((result, index) => (
                <li key={index} data-testid="offboarding-result" data-outcome={result.outcome}>
                  <strong>{stepLabel(index, phase.memberships, phase.results.length)}</strong>: <OutcomeText result={result} />
                </li>
              ))}
            </ol>
            <div className="dialog-actions">
              <button ref={closeRef} type="button" className="button-primary" onClick={onClose}>
                {t("common:close")}
              </button>
            </div>
          </>
        ) : (
          <>
            <ol className="detail-offboard-steps">
              <li data-testid="offboarding-step-memberships">
                <h3>{t("offboard.step1")}</h3>
                {detail.memberships.length === 0 ? (
                  <p className="muted">{t("offboard.step1None")}</p>
                ) : (
                  <ul>
                    {detail.memberships.map((membership) => (
                      <li key={membership.organisationId}>
                        {membership.organisationName} <span className="muted">({t(`common:level.${membership.level}`)})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
              <li data-testid="offboarding-step-account">
                <h3>{t("offboard.step2")}</h3>
                <p>{t("offboard.step2Body", { email: detail.email })}</p>
              </li>
              <li data-testid="offboarding-step-administrators">
                <h3>{t("offboard.step3")}</h3>
                <p className={blocked ? "error-text" : "muted"}>{administratorCheck}</p>
                {blocked && <p className="error-text">{t("offboard.blocked")}</p>}
              </li>
            </ol>
            {phase.step === "running" && <OffboardProgress operation={phase.operation} />}
            {phase.step === "review" && phase.error && (
              <p role="alert" className="error-text">
                {phase.error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" className="button-secondary" data-autofocus onClick={onClose} disabled={phase.step === "running"}>
                {t("common:cancel")}
              </button>
              <button
                type="button"
                className="button-danger"
                data-testid="offboarding-confirm"
                disabled={blocked || phase.step === "running"}
                onClick={() => void run()}
              >
                {t("offboard.confirm")}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function OffboardProgress({ operation }: { operation: string }) {
  const { t } = useTranslation("userDetail");
  const progress = useProgress(operation);
  return (
    <div role="status" className="detail-progress">
      <span>{t("offboard.running")}</span>
      {progress ? (
        <progress aria-label={t("offboard.progressLabel")} value={progress.done} max={Math.max(progress.total, 1)} />
      ) : (
        <progress aria-label={t("offboard.progressLabel")} />
      )}
    </div>
  );
}
