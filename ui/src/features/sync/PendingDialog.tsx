import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type PendingChange, type Resolution } from "../../lib/ipc/backend";
import { useCacheVersion } from "../../shared/backendEvents";
import { describeChange } from "./describeChange";
import { formatWhen } from "./formatWhen";
import { useDialog } from "../../shared/useDialog";

/** The changes waiting to be sent or for a decision, and what to do with each. */
export function PendingDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation("sync");
  const backend = useBackend();
  const cacheVersion = useCacheVersion();
  const id = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useDialog(onClose, closeRef);
  const [changes, setChanges] = useState<PendingChange[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [organisationNames, setOrganisationNames] = useState<Map<string, string>>(new Map());
  const [busySeq, setBusySeq] = useState<number | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.pendingChanges().then(
      (list) => {
        if (cancelled) return;
        setChanges(list);
        setLoadError(null);
      },
      (error: unknown) => !cancelled && setLoadError(errorMessage(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion, reload]);

  useEffect(() => {
    let cancelled = false;
    backend.organisations().then(
      (list) => !cancelled && setOrganisationNames(new Map(list.map((organisation) => [organisation.id, organisation.name]))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion]);

  const resolve = async (seq: number, resolution: Resolution) => {
    setBusySeq(seq);
    setActionError(null);
    try {
      await backend.resolveChange(seq, resolution);
      setConfirmDiscard(null);
      setReload((n) => n + 1);
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setBusySeq(null);
    }
  };

  const language = i18n.resolvedLanguage ?? i18n.language;
  const organisationName = (organisationId: string) => organisationNames.get(organisationId) ?? organisationId;
  const hasConflicts = changes?.some((change) => change.conflict) ?? false;
  const hasWaiting = changes?.some((change) => !change.conflict) ?? false;

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={dialogRef}
        className="dialog pending-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-lead`}
        data-testid="pending-dialog"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id={`${id}-title`}>{t("dialog.title")}</h2>
        <p id={`${id}-lead`} className="muted">
          {t("dialog.lead")}
        </p>
        {(hasConflicts || hasWaiting) && (
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
        )}
        {loadError && (
          <p role="alert" className="error-text">
            {loadError}
          </p>
        )}
        {actionError && (
          <p role="alert" className="error-text">
            {actionError}
          </p>
        )}
        {changes === null && !loadError && <p className="muted">{t("common:loading")}</p>}
        {changes !== null && changes.length === 0 && <p className="empty-state">{t("dialog.empty")}</p>}
        {changes !== null && changes.length > 0 && (
          <ul className="pending-list">
            {changes.map((change) => {
              const busy = busySeq === change.seq;
              const description = describeChange(change, t, organisationName);
              return (
                <li
                  key={change.seq}
                  className={`pending-change ${change.conflict ? "pending-conflict" : ""}`}
                  data-testid="pending-change"
                  data-seq={change.seq}
                  data-conflict={String(change.conflict)}
                  aria-busy={busy}
                >
                  <div className="pending-text">
                    <span className={`badge ${change.conflict ? "badge-blocked" : "badge-pending"}`}>
                      {change.conflict ? t("dialog.conflict") : t("dialog.waiting")}
                    </span>{" "}
                    <strong>{description}</strong>
                    <div className="muted pending-meta">
                      {t("dialog.made", { when: formatWhen(change.createdAt, language) })} ·{" "}
                      {change.attempts > 0 ? t("dialog.attempts", { count: change.attempts }) : t("dialog.notTried")}
                    </div>
                    {change.conflict && change.problem && <p className="pending-problem">{change.problem}</p>}
                  </div>
                  <div className="pending-actions">
                    {change.conflict ? (
                      <>
                        <button
                          type="button"
                          className="button-primary"
                          data-testid="resolve-keep-mine"
                          disabled={busySeq !== null}
                          aria-label={`${t("dialog.keepMine")}: ${description}`}
                          onClick={() => void resolve(change.seq, "keepMine")}
                        >
                          {busy ? t("dialog.working") : t("dialog.keepMine")}
                        </button>
                        <button
                          type="button"
                          className="button-secondary"
                          data-testid="resolve-take-theirs"
                          disabled={busySeq !== null}
                          aria-label={`${t("dialog.takeTheirs")}: ${description}`}
                          onClick={() => void resolve(change.seq, "takeTheirs")}
                        >
                          {t("dialog.takeTheirs")}
                        </button>
                      </>
                    ) : confirmDiscard === change.seq ? (
                      <DiscardConfirm
                        busy={busy}
                        disabled={busySeq !== null}
                        onConfirm={() => void resolve(change.seq, "discard")}
                        onCancel={() => setConfirmDiscard(null)}
                      />
                    ) : (
                      <button
                        type="button"
                        className="button-danger"
                        data-testid="resolve-discard"
                        disabled={busySeq !== null}
                        aria-label={`${t("dialog.discard")}: ${description}`}
                        onClick={() => setConfirmDiscard(change.seq)}
                      >
                        {t("dialog.discard")}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <div className="dialog-actions">
          <button ref={closeRef} type="button" className="button-secondary" onClick={onClose}>
            {t("common:close")}
          </button>
        </div>
      </div>
    </div>
  );
}

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
