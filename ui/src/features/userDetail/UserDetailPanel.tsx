// One user: who they are, their invitation, and every change an administrator makes to them
// (role, relationship manager, block, invitation, organisations, removal, offboarding). Every
// change goes through `applyChanges`; the Rust side decides and says what became of it. The
// panel re-reads the user whenever the cache changes.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { BackendError, type ChangeRequest, type OutcomeView, type UserDetail } from "../../lib/ipc/backend";
import { newOperationId } from "../../shared/backendEvents";
import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { describeError, describeReason } from "../../shared/errors/describeError";
import { LoadStatus } from "../../shared/LoadStatus";
import { outcomeClass } from "../../shared/outcomes/OutcomeList";
import { useLoadable } from "../../shared/useLoadable";
import { DetailBody } from "./DetailSections";
import { OffboardingDialog } from "./OffboardingDialog";
import "./userDetail.css";

type Load =
  | { state: "loading" }
  | { state: "ready"; detail: UserDetail; refreshing: boolean }
  | { state: "gone" }
  | { state: "failed"; error: unknown };

type Message = { outcome: OutcomeView | "failed"; text: string };

function isNotFound(error: unknown): boolean {
  return error instanceof BackendError && (error.code === "not_found" || error.platformCode === "not_found");
}

/** Reads the user, again on every cache change; keeps showing the last copy while re-reading. */
function useUserDetail(userId: string): Load & { reload: () => void } {
  const backend = useBackend();
  const detail = useLoadable(() => backend.userDetail(userId), [backend, userId]);
  const { reload } = detail;
  if (detail.state === "loading") return { state: "loading", reload };
  // Not found: removed (here or elsewhere).
  if (detail.state === "failed") return isNotFound(detail.error) ? { state: "gone", reload } : { state: "failed", error: detail.error, reload };
  const error = detail.refreshError;
  if (error !== null) {
    // A user we showed before and can no longer read is gone too, unless the back end says why.
    const gone = !(error instanceof BackendError) || isNotFound(error);
    return gone ? { state: "gone", reload } : { state: "failed", error, reload };
  }
  return { state: "ready", detail: detail.value, refreshing: detail.refreshing, reload };
}

export function UserDetailPanel({ userId, onClose }: { userId: string; onClose: () => void }) {
  const backend = useBackend();
  const { t } = useTranslation("userDetail");
  const load = useUserDetail(userId);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [offboarding, setOffboarding] = useState<UserDetail | null>(null);

  useEffect(() => setMessage(null), [userId]);

  async function apply(change: ChangeRequest, what: string) {
    setBusy(true);
    setMessage(null);
    try {
      const [result] = await backend.applyChanges(newOperationId("detail"), [change]);
      if (result) setMessage({ outcome: result.outcome, text: t(`message.${result.outcome}`, { what, reason: describeReason(result, t) }) });
    } catch (error) {
      setMessage({ outcome: "failed", text: `${t("message.failed", { what })} ${describeError(error, t)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      variant="panel"
      className="detail-panel"
      testId="user-detail"
      attributes={{ "data-user-id": userId }}
      title={load.state === "ready" ? (load.detail.name ?? load.detail.email) : t("title")}
      closeButton
      onClose={busy ? null : onClose}
      busy={busy || load.state === "loading" || (load.state === "ready" && load.refreshing)}
      focusKey={load.state}
      footer={
        <p
          role="status"
          className={`detail-message ${message ? (outcomeClass(message.outcome) ?? "") : ""}`}
          data-testid="detail-message"
          data-outcome={message?.outcome}
        >
          {message?.text}
        </p>
      }
    >
      <LoadStatus load={load} failedTitle={t("loadFailed")} />
      {load.state === "gone" && (
        <div className="empty-state" data-testid="detail-gone">
          <p>{t("gone")}</p>
          <p className="muted">{t("goneHint")}</p>
          <DialogCloseButton onClose={onClose} />
        </div>
      )}
      {load.state === "ready" && (
        <DetailBody
          detail={load.detail}
          busy={busy}
          apply={(change, what) => void apply(change, what)}
          onOffboard={() => setOffboarding(load.detail)}
        />
      )}
      {offboarding && <OffboardingDialog detail={offboarding} onClose={() => setOffboarding(null)} />}
    </Dialog>
  );
}
