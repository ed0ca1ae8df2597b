// One user: who they are, their invitation, and every change an administrator makes to them
// (role, relationship manager, block, invitation, organisations, removal, offboarding). Every
// change goes through `applyChanges`; the Rust side decides and says what became of it. The
// panel re-reads the user whenever the cache changes.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import {
  BackendError,
  errorMessage,
  type ChangeRequest,
  type ChangeResult,
  type OutcomeView,
  type RoleView,
  type UserDetail,
} from "../../lib/ipc/backend";
import { newOperationId, useCacheVersion } from "../../shared/backendEvents";
import { useModalDialog } from "../invite/useModalDialog";
import { ConfirmDialog } from "./ConfirmDialog";
import { Memberships } from "./Memberships";
import { OffboardingDialog } from "./OffboardingDialog";
import "./userDetail.css";

const ROLES: RoleView[] = ["basic", "advanced", "administrator"];

type Load =
  | { state: "loading" }
  | { state: "ready"; detail: UserDetail }
  | { state: "gone" }
  | { state: "failed"; message: string };

type Message = { outcome: OutcomeView | "failed"; text: string };

type Confirm = "remove" | "revoke" | null;

function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
}

/** Reads the user, again on every cache change; keeps showing the last copy while re-reading. */
function useUserDetail(userId: string, attempt: number): Load {
  const backend = useBackend();
  const cacheVersion = useCacheVersion();
  const [load, setLoad] = useState<{ userId: string; load: Load }>({ userId, load: { state: "loading" } });
  const seen = useRef<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    backend.userDetail(userId).then(
      (detail) => {
        if (cancelled) return;
        seen.current = userId;
        setLoad({ userId, load: { state: "ready", detail } });
      },
      (error: unknown) => {
        if (cancelled) return;
        // Not found: removed (here or elsewhere). A user we showed before and can no longer
        // read is gone too.
        const gone = error instanceof BackendError ? error.code === "not_found" : seen.current === userId;
        setLoad({ userId, load: gone ? { state: "gone" } : { state: "failed", message: errorMessage(error) } });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, userId, cacheVersion, attempt]);
  return load.userId === userId ? load.load : { state: "loading" };
}

export function UserDetailPanel({ userId, onClose }: { userId: string; onClose: () => void }) {
  const backend = useBackend();
  const { t } = useTranslation("userDetail");
  const ids = useId();
  const [attempt, setAttempt] = useState(0);
  const load = useUserDetail(userId, attempt);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [offboarding, setOffboarding] = useState<UserDetail | null>(null);
  const panelRef = useModalDialog<HTMLDivElement>(onClose, { canClose: !busy });
  const goneCloseRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setMessage(null), [userId]);
  useEffect(() => {
    if (load.state === "gone" && !offboarding) goneCloseRef.current?.focus();
  }, [load.state, offboarding]);

  async function apply(change: ChangeRequest, what: string) {
    setBusy(true);
    setMessage(null);
    try {
      const [result] = await backend.applyChanges(newOperationId("detail"), [change]);
      setMessage(result ? describe(result, what) : null);
    } catch (error) {
      setMessage({ outcome: "failed", text: t("message.failed", { message: errorMessage(error) }) });
    } finally {
      setBusy(false);
    }
  }

  function describe(result: ChangeResult, what: string): Message {
    const reason = result.reason ?? result.code ?? t("outcome.unknownReason");
    return { outcome: result.outcome, text: t(`message.${result.outcome}`, { what, reason }) };
  }

  const titleId = `${ids}-title`;
  const title = load.state === "ready" ? (load.detail.name ?? load.detail.email) : t("title");
  return (
    <div
      className="detail-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget && !busy) onClose();
      }}
    >
      <div
        ref={panelRef}
        className="detail-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy || load.state === "loading"}
        data-testid="user-detail"
        data-user-id={userId}
        tabIndex={-1}
      >
        <header className="detail-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="detail-close" aria-label={t("common:close")} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </header>

        {load.state === "loading" && <p className="muted">{t("common:loading")}</p>}
        {load.state === "failed" && (
          <div role="alert">
            <p className="error-text">{t("loadFailed", { message: load.message })}</p>
            <button type="button" className="button-secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t("common:retry")}
            </button>
          </div>
        )}
        {load.state === "gone" && (
          <div className="empty-state" data-testid="detail-gone">
            <p>{t("gone")}</p>
            <p className="muted">{t("goneHint")}</p>
            <button ref={goneCloseRef} type="button" className="button-secondary" onClick={onClose}>
              {t("common:close")}
            </button>
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

        <p
          role="status"
          className={`detail-message${message && message.outcome !== "done" ? (message.outcome === "queued" ? " warning-text" : " error-text") : ""}`}
          data-testid="detail-message"
          data-outcome={message?.outcome}
        >
          {message?.text}
        </p>
      </div>
      {offboarding && <OffboardingDialog detail={offboarding} onClose={() => setOffboarding(null)} />}
    </div>
  );
}

function DetailBody({
  detail,
  busy,
  apply,
  onOffboard,
}: {
  detail: UserDetail;
  busy: boolean;
  apply: (change: ChangeRequest, what: string) => void;
  onOffboard: () => void;
}) {
  const { t, i18n } = useTranslation("userDetail");
  const ids = useId();
  const [role, setRole] = useState<RoleView>(detail.role);
  const [relationshipManagerTarget, setRelationshipManagerTarget] = useState<boolean | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  useEffect(() => setRole(detail.role), [detail.role]);
  useEffect(() => {
    if (!busy) setRelationshipManagerTarget(null);
  }, [busy, detail.relationshipManager]);

  const locked = busy || detail.localOnly;
  const last = detail.lastAdministrator;
  const reasonId = `${ids}-last-admin`;
  const describedBy = last ? reasonId : undefined;
  const roleName = (candidate: RoleView) => t(`common:role.${candidate}`);
  const relationshipManager = relationshipManagerTarget ?? detail.relationshipManager;
  const ineffective = relationshipManager && (detail.role === "basic" || role === "basic");
  const blocked = detail.status === "blocked";

  return (
    <div className="detail-body">
      <dl className="facts detail-facts">
        <dt>{t("email")}</dt>
        <dd data-testid="detail-email">{detail.email}</dd>
        <dt>{t("status")}</dt>
        <dd>
          <span className={`badge badge-${detail.status}`} data-testid="detail-status">
            {t(`common:status.${detail.status}`)}
          </span>
          {detail.invitation?.expired && <span className="badge badge-expired detail-badge">{t("expired")}</span>}
          {detail.nPending > 0 && (
            <span className="badge badge-pending detail-badge" data-testid="detail-pending">
              {t("pending", { count: detail.nPending })}
            </span>
          )}
        </dd>
      </dl>

      {detail.conflict && (
        <p role="alert" className="error-text detail-notice" data-testid="detail-conflict">
          {t("conflict", { conflict: detail.conflict })}
        </p>
      )}
      {last && (
        <p className="warning-text detail-notice" id={reasonId} data-testid="last-admin-reason">
          {t("lastAdministrator", { email: detail.email })}
        </p>
      )}
      {detail.localOnly && (
        <p className="warning-text detail-notice" data-testid="detail-local-only">
          {t("localOnly")}. <span className="muted">{t("localOnlyHint")}</span>
        </p>
      )}

      {detail.invitation && (
        <section className="detail-section" aria-labelledby={`${ids}-invitation`}>
          <h3 id={`${ids}-invitation`}>{t("invitation.title")}</h3>
          <dl className="facts">
            <dt>{t("invitation.invitedBy")}</dt>
            <dd>{detail.invitation.invitedBy ?? t("invitation.unknown")}</dd>
            <dt>{t("invitation.invitedAt")}</dt>
            <dd>{formatDate(detail.invitation.invitedAt, i18n.language)}</dd>
            <dt>{detail.invitation.expired ? t("invitation.expiredOn") : t("invitation.expires")}</dt>
            <dd className={detail.invitation.expired ? "error-text" : undefined}>{formatDate(detail.invitation.expiresAt, i18n.language)}</dd>
            <dt>{t("invitation.method")}</dt>
            <dd>{detail.invitation.method === "direct" ? t("invitation.direct") : t("invitation.byEmail")}</dd>
          </dl>
          {detail.status === "invited" && (
            <div className="detail-actions">
              <button
                type="button"
                className="button-secondary"
                data-testid="detail-resend"
                disabled={locked}
                title={t("access.resendHint")}
                onClick={() => apply({ kind: "resendInvitation", userId: detail.id }, t("what.resend"))}
              >
                {t("access.resend")}
              </button>
              <button type="button" className="button-danger" data-testid="detail-revoke" disabled={locked} onClick={() => setConfirm("revoke")}>
                {t("access.revoke")}
              </button>
              <p className="muted detail-hint">{t("access.resendHint")}</p>
            </div>
          )}
        </section>
      )}

      <section className="detail-section" aria-labelledby={`${ids}-role`}>
        <h3 id={`${ids}-role`}>{t("role.title")}</h3>
        <form
          className="detail-role"
          onSubmit={(event) => {
            event.preventDefault();
            if (role !== detail.role && !last) apply({ kind: "setRole", userId: detail.id, role }, t("what.setRole", { role: roleName(role) }));
          }}
        >
          <label htmlFor={`${ids}-role-select`}>{t("role.label")}</label>
          <select
            id={`${ids}-role-select`}
            data-testid="detail-role"
            value={role}
            disabled={locked || last}
            aria-describedby={[`${ids}-role-note`, describedBy].filter(Boolean).join(" ")}
            onChange={(event) => setRole(event.target.value as RoleView)}
          >
            {ROLES.map((candidate) => (
              <option key={candidate} value={candidate} disabled={last && candidate !== "administrator"}>
                {roleName(candidate)}
              </option>
            ))}
          </select>
          <button type="submit" className="button-primary" data-testid="detail-role-submit" disabled={locked || last || role === detail.role}>
            {t("role.submit")}
          </button>
        </form>
        <p id={`${ids}-role-note`} className="muted detail-hint">
          {t("role.note")}
        </p>

        <label className="detail-checkbox">
          <input
            type="checkbox"
            data-testid="detail-rm"
            checked={relationshipManager}
            disabled={locked}
            aria-describedby={`${ids}-rm-hint`}
            onChange={(event) => {
              const value = event.target.checked;
              setRelationshipManagerTarget(value);
              apply(
                { kind: "setRelationshipManager", userId: detail.id, value },
                value ? t("what.relationshipManagerOn") : t("what.relationshipManagerOff"),
              );
            }}
          />
          {t("relationshipManager.label")}
        </label>
        <p id={`${ids}-rm-hint`} className="muted detail-hint">
          {t("relationshipManager.hint")}
        </p>
        {ineffective && (
          <p className="warning-text detail-hint" data-testid="detail-rm-warning">
            {t("relationshipManager.label")}: {t("relationshipManager.noEffect")}
          </p>
        )}
      </section>

      {(detail.status === "active" || blocked) && (
        <section className="detail-section" aria-labelledby={`${ids}-access`}>
          <h3 id={`${ids}-access`}>{t("access.title")}</h3>
          <button
            type="button"
            className={blocked ? "button-secondary" : "button-danger"}
            data-testid="detail-block"
            disabled={locked || (!blocked && last)}
            aria-describedby={describedBy}
            onClick={() =>
              apply({ kind: "setBlocked", userId: detail.id, blocked: !blocked }, blocked ? t("what.unblock") : t("what.block"))
            }
          >
            {blocked ? t("access.unblock") : t("access.block")}
          </button>
          <p className="muted detail-hint">{t("access.blockHint")}</p>
        </section>
      )}

      <Memberships detail={detail} disabled={locked} apply={apply} />

      <section className="detail-section" aria-labelledby={`${ids}-leaving`}>
        <h3 id={`${ids}-leaving`}>{t("remove.title")}</h3>
        <div className="detail-actions">
          <button
            type="button"
            className="button-danger"
            data-testid="detail-offboard"
            disabled={locked || last}
            aria-describedby={describedBy}
            onClick={onOffboard}
          >
            {t("offboard.button")}
          </button>
          <button
            type="button"
            className="button-danger"
            data-testid="detail-remove"
            disabled={locked || last}
            aria-describedby={describedBy}
            onClick={() => setConfirm("remove")}
          >
            {t("remove.button")}
          </button>
        </div>
        <p className="muted detail-hint">{t("offboard.hint")}</p>
      </section>

      {confirm === "remove" && (
        <ConfirmDialog
          title={t("remove.confirmTitle", { email: detail.email })}
          confirmLabel={t("remove.confirm")}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            apply({ kind: "removeUser", userId: detail.id }, t("what.removeUser"));
          }}
        >
          <p>{t("remove.confirmBody")}</p>
        </ConfirmDialog>
      )}
      {confirm === "revoke" && (
        <ConfirmDialog
          title={t("remove.revokeTitle", { email: detail.email })}
          confirmLabel={t("remove.revokeConfirm")}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            apply({ kind: "revokeInvitation", userId: detail.id }, t("what.revoke"));
          }}
        >
          <p>{t("remove.revokeBody")}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
