// Guided offboarding: what will happen (memberships, the account, the administrator check),
// then one run on the Rust side with progress, then what became of each step.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ChangeResult, MembershipView, UserDetail } from "../../lib/ipc/backend";
import { newOperationId } from "../../shared/backendEvents";
import { ConfirmActions } from "../../shared/dialog/ConfirmDialog";
import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { describeError } from "../../shared/errors/describeError";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { OperationProgress } from "../../shared/form/OperationProgress";
import { OutcomeList, OutcomeSummary } from "../../shared/outcomes/OutcomeList";
import { useLoadable } from "../../shared/useLoadable";

type Phase =
  | { step: "review"; error?: unknown }
  | { step: "running"; operation: string }
  | { step: "results"; results: ChangeResult[]; memberships: MembershipView[] };

export function OffboardingDialog({ detail, onClose }: { detail: UserDetail; onClose: () => void }) {
  const backend = useBackend();
  const { t } = useTranslation("userDetail");
  const [phase, setPhase] = useState<Phase>({ step: "review" });
  const name = detail.name ?? detail.email;

  async function run() {
    const memberships = detail.memberships;
    const operation = newOperationId("offboard");
    setPhase({ step: "running", operation });
    try {
      const results = await backend.offboard(operation, detail.id);
      setPhase({ step: "results", results, memberships });
    } catch (error) {
      setPhase({ step: "review", error });
    }
  }

  if (phase.step === "results") {
    const stepLabel = (index: number) => {
      const membership = phase.memberships[index];
      if (membership) return t("offboard.stepMembership", { organisation: membership.organisationName });
      if (index === phase.results.length - 1) return t("offboard.stepAccount");
      return t("offboard.stepOther", { n: index + 1 });
    };
    return (
      <Dialog
        title={t("offboard.title", { name })}
        onClose={onClose}
        testId="offboarding"
        focusKey="results"
        closeOnBackdrop={false}
        actions={<DialogCloseButton onClose={onClose} primary />}
      >
        <h3>{t("offboard.results")}</h3>
        <OutcomeSummary results={phase.results} />
        <OutcomeList
          ordered
          testId="offboarding-results"
          itemTestId="offboarding-result"
          items={phase.results.map((result, index) => ({ key: String(index), label: stepLabel(index), result }))}
        />
      </Dialog>
    );
  }

  const running = phase.step === "running";
  return (
    <Dialog
      title={t("offboard.title", { name })}
      onClose={running ? null : onClose}
      testId="offboarding"
      closeOnBackdrop={false}
      busy={running}
      footer={
        running ? (
          <OperationProgress operation={phase.operation} label={t("offboard.running")} progressLabel={t("offboard.progressLabel")} />
        ) : phase.error !== undefined ? (
          <FailureText what={t("offboard.failed")} error={phase.error} />
        ) : undefined
      }
      actions={
        <ConfirmActions
          confirmLabel={t("offboard.confirm")}
          confirmTestId="offboarding-confirm"
          busy={running}
          confirmDisabled={detail.lastAdministrator}
          onConfirm={() => void run()}
          onCancel={onClose}
        />
      }
    >
      <OffboardingSteps detail={detail} />
    </Dialog>
  );
}

/** What offboarding will do, and whether an administrator remains. */
function OffboardingSteps({ detail }: { detail: UserDetail }) {
  const { t } = useTranslation("userDetail");
  const backend = useBackend();
  const isAdministrator = detail.role === "administrator";
  const blocked = detail.lastAdministrator;
  const counts = useLoadable(() => (isAdministrator ? backend.overviewCounts() : Promise.resolve(null)), [backend, isAdministrator]);

  let administratorCheck: string;
  if (!isAdministrator) administratorCheck = t("offboard.notAdministrator");
  else if (blocked) administratorCheck = t("lastAdministrator", { email: detail.email });
  else if (counts.state === "ready" && counts.value) {
    const remain = Math.max(counts.value.activeAdministrators - (detail.status === "active" ? 1 : 0), 0);
    administratorCheck = t("offboard.remain", { count: remain });
    if (remain < 2) administratorCheck += ` ${t("offboard.recommendTwo")}`;
  } else if (counts.state === "failed") administratorCheck = `${t("offboard.countsFailed")} ${describeError(counts.error, t)}`;
  else administratorCheck = t("common:loading");

  return (
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
  );
}
