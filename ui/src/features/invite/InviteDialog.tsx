// The invite dialog: a pasted list of addresses, checked by the Rust side as it is typed, a
// role (Basic preselected) and organisations to grant at once — or those of a colleague
// ("with the same access as …"), still editable — by email or added directly; then one
// result per address. The flow is inviteFlow.ts; the calls are useInviteFlow.ts.
import { useTranslation } from "react-i18next";

import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { OperationProgress } from "../../shared/form/OperationProgress";
import { AddressField } from "./AddressField";
import { MethodChoice, OrganisationChoice, RoleChoice, SameAccessChoice } from "./InviteChoices";
import { InviteResults } from "./InviteResults";
import { canSend, type InviteProblem } from "./inviteFlow";
import { useInviteFlow } from "./useInviteFlow";
import "./invite.css";

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("invite");
  const { state, dispatch, submit, addDirectly } = useInviteFlow();
  const sending = state.phase === "sending";

  if (state.phase === "results") {
    return (
      <Dialog
        title={t("title")}
        onClose={onClose}
        closeOnBackdrop={false}
        className="invite-dialog"
        testId="invite-dialog"
        focusKey="results"
        actions={<DialogCloseButton onClose={onClose} label={t("done")} primary />}
      >
        <InviteResults rows={state.rows} onAddDirectly={(email) => void addDirectly(email)} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t("title")}
      onClose={sending ? null : onClose}
      closeOnBackdrop={false}
      className="invite-dialog"
      testId="invite-dialog"
      busy={sending}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      footer={
        sending && state.operation ? (
          <OperationProgress operation={state.operation} label={t("sending")} progressLabel={t("progressLabel")} />
        ) : state.problem ? (
          <Problem problem={state.problem} />
        ) : undefined
      }
      actions={
        <>
          <button type="button" className="button-secondary" onClick={onClose} disabled={sending}>
            {t("common:cancel")}
          </button>
          <button type="submit" className="button-primary" data-testid="invite-submit" disabled={!canSend(state)}>
            {t("submit")}
          </button>
        </>
      }
    >
      <AddressField
        text={state.text}
        checks={state.checks}
        checkError={state.checkError}
        method={state.method}
        disabled={sending}
        onText={(text) => dispatch({ type: "typed", text })}
        onUseDirect={() => dispatch({ type: "choseMethod", method: "direct" })}
      />
      <SameAccessChoice copiedFrom={state.copiedFrom} disabled={sending} onCopied={(access) => dispatch({ type: "copiedAccess", access })} />
      <RoleChoice role={state.role} disabled={sending} onRole={(role) => dispatch({ type: "choseRole", role })} />
      <OrganisationChoice
        grants={state.grants}
        disabled={sending}
        onPick={(organisationId, picked) => dispatch({ type: "pickedOrganisation", organisationId, picked })}
        onLevel={(organisationId, level) => dispatch({ type: "choseLevel", organisationId, level })}
      />
      <MethodChoice method={state.method} disabled={sending} onMethod={(method) => dispatch({ type: "choseMethod", method })} />
    </Dialog>
  );
}

function Problem({ problem }: { problem: InviteProblem }) {
  const { t } = useTranslation("invite");
  if (problem.kind === "nothingToSend") {
    return (
      <p role="alert" className="error-text">
        {t("results.empty")}
      </p>
    );
  }
  return <FailureText what={problem.kind === "checkFailed" ? t("addresses.checkFailed") : t("failed")} error={problem.error} />;
}
