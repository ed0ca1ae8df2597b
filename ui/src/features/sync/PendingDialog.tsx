// The changes waiting to be sent or for a decision, and what to do with each: keep mine or
// take theirs for a conflict, discard (after a question) for a change not sent yet.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { PendingChange, Resolution } from "../../lib/ipc/backend";
import { Dialog, DialogCloseButton } from "../../shared/dialog/Dialog";
import { describeReason } from "../../shared/errors/describeError";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { describeChange } from "./describeChange";
import { formatWhen } from "./formatWhen";

export function PendingDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("sync");
  const backend = useBackend();
  // Re-read when the cache changes (the outbox is part of it) and after each decision.
  const changes = useLoadable(() => backend.pendingChanges(), [backend]);
  const organisations = useLoadable(() => backend.organisations(), [backend]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busySeq, setBusySeq] = useState<number | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState<number | null>(null);

  const resolve = async (seq: number, resolution: Resolution) => {
    setBusySeq(seq);
    setActionError(null);
    try {
      await backend.resolveChange(seq, resolution);
      setConfirmDiscard(null);
      changes.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusySeq(null);
    }
  };

  const names = new Map(valueOr(organisations, []).map((organisation) => [organisation.id, organisation.name]));
  const organisationName = (organisationId: string) => names.get(organisationId) ?? organisationId;
  const list = valueOr(changes, null);

  return (
    <Dialog
      title={t("dialog.title")}
      description={<p className="muted">{t("dialog.lead")}</p>}
      onClose={onClose}
      className="pending-dialog"
      testId="pending-dialog"
      footer={actionError !== null ? <FailureText what={t("dialog.resolveFailed")} error={actionError} /> : undefined}
      actions={<DialogCloseButton onClose={onClose} />}
    >
      {list && <PendingHelp changes={list} />}
      <LoadStatus load={changes} failedTitle={t("dialog.loadFailed")} />
      {list !== null && list.length === 0 && <p className="empty-state">{t("dialog.empty")}</p>}
      {list !== null && list.length > 0 && (
        <ul className="pending-list">
          {list.map((change) => (
            <PendingChangeRow
              key={change.seq}
              change={change}
              description={describeChange(change, t, organisationName)}
              busy={busySeq === change.seq}
              disabled={busySeq !== null}
              confirmingDiscard={confirmDiscard === change.seq}
              onResolve={(resolution) => void resolve(change.seq, resolution)}
              onDiscard={() => setConfirmDiscard(change.seq)}
              onKeep={() => setConfirmDiscard(null)}
            />
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/** What the buttons do, for the kinds of change in the list. */
function PendingHelp({ changes }: { changes: PendingChange[] }) {
  const { t } = useTranslation("sync");
  const hasConflicts = changes.some((change) => change.conflict);
  const hasWaiting = changes.some((change) => !change.conflict);
  if (!hasConflicts && !hasWaiting) return null;
  return (
    <dl className="pending-help">
      {hasConflicts && (
        <>
          <dt>{t("dialog.keepMine")}</dt>
          <dd>{t("dialog.keepMineHelp")}</dd>
          <dt>{t("dialog.takeTheirs")}</dt>
          <dd>{t("dialog.takeTheirsHelp")}</dd>
        </>
      )}
      {hasWaiting && (
        <>
          <dt>{t("dialog.discard")}</dt>
          <dd>{t("dialog.discardHelp")}</dd>
        </>
      )}
    </dl>
  );
}

function PendingChangeRow({
  change,
  description,
  busy,
  disabled,
  confirmingDiscard,
  onResolve,
  onDiscard,
  onKeep,
}: {
  change: PendingChange;
  description: string;
  busy: boolean;
  disabled: boolean;
  confirmingDiscard: boolean;
  onResolve: (resolution: Resolution) => void;
  onDiscard: () => void;
  onKeep: () => void;
}) {
  const { t, i18n } = useTranslation("sync");
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <li
      className={`pending-change ${change.conflict ? "pending-conflict" : ""}`}
      data-testid="pending-change"
      data-seq={change.seq}
      data-conflict={String(change.conflict)}
      aria-busy={busy}
    >
      <div className="pending-text">
        <span className={`badge ${change.conflict ? "badge-blocked" : "badge-pending"}`}>{change.conflict ? t("dialog.conflict") : t("dialog.waiting")}</span>{" "}
        <strong>{description}</strong>
        <div className="muted pending-meta">
          {t("dialog.made", { when: formatWhen(change.createdAt, language) })} ·{" "}
          {change.attempts > 0 ? t("dialog.attempts", { count: change.attempts }) : t("dialog.notTried")}
        </div>
        {change.conflict && (change.problem || change.problemCode) && (
          <p className="pending-problem">{describeReason({ reason: change.problem, code: change.problemCode }, t)}</p>
        )}
      </div>
      <div className="pending-actions">
        {change.conflict ? (
          <>
            <DecisionButton decision="keepMine" working={busy} description={description} disabled={disabled} onClick={() => onResolve("keepMine")} />
            <DecisionButton decision="takeTheirs" description={description} disabled={disabled} onClick={() => onResolve("takeTheirs")} />
          </>
        ) : confirmingDiscard ? (
          <DiscardConfirm busy={busy} disabled={disabled} onConfirm={() => onResolve("discard")} onCancel={onKeep} />
        ) : (
          <DecisionButton decision="discard" description={description} disabled={disabled} onClick={onDiscard} />
        )}
      </div>
    </li>
  );
}

const DECISIONS = {
  keepMine: { text: "dialog.keepMine", className: "button-primary", testId: "resolve-keep-mine" },
  takeTheirs: { text: "dialog.takeTheirs", className: "button-secondary", testId: "resolve-take-theirs" },
  discard: { text: "dialog.discard", className: "button-danger", testId: "resolve-discard" },
} as const satisfies Record<Resolution, { text: string; className: string; testId: string }>;

/** One decision on a change; its accessible name says which change ("Keep mine: …"). */
function DecisionButton({
  decision,
  working = false,
  description,
  disabled,
  onClick,
}: {
  decision: Resolution;
  /** Shows "Working…" instead of the decision. */
  working?: boolean;
  description: string;
  disabled: boolean;
  onClick: () => void;
}) {
  const { t } = useTranslation("sync");
  const { text, className, testId } = DECISIONS[decision];
  return (
    <button type="button" className={className} data-testid={testId} disabled={disabled} aria-label={`${t(text)}: ${description}`} onClick={onClick}>
      {working ? t("dialog.working") : t(text)}
    </button>
  );
}

/** The discard question, in the row itself (it is small and undoable until confirmed). */
function DiscardConfirm({ busy, disabled, onConfirm, onCancel }: { busy: boolean; disabled: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation("sync");
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => keepRef.current?.focus(), []);
  return (
    <div className="pending-confirm" role="group" aria-label={t("dialog.discardQuestion")}>
      <span className="warning-text">{t("dialog.discardQuestion")}</span>
      <button type="button" className="button-danger" data-testid="resolve-discard-confirm" disabled={disabled} onClick={onConfirm}>
        {busy ? t("dialog.working") : t("dialog.discard")}
      </button>
      <button ref={keepRef} type="button" className="button-secondary" disabled={disabled} onClick={onCancel}>
        {t("dialog.keep")}
      </button>
    </div>
  );
}
