// The user-detail panel's sections: who (status, notices), the invitation, the role and the
// relationship-manager flag, access (block), organisations (Memberships.tsx) and leaving.
// Each change is handed to `apply` with a description of it for the outcome message.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import type { ChangeRequest, RoleView, UserDetail } from "../../lib/ipc/backend";
import { ConfirmDialog } from "../../shared/dialog/ConfirmDialog";
import { describeReason } from "../../shared/errors/describeError";
import { Field } from "../../shared/form/Field";
import { RoleOptions } from "../../shared/form/Options";
import { ScopeNotice, useManagesEveryone } from "../../shared/ScopeNotice";
import { Memberships } from "./Memberships";

type Apply = (change: ChangeRequest, what: string) => void;

type SectionProps = {
  detail: UserDetail;
  /** A change runs, or the user exists only locally (an invitation queued offline). */
  locked: boolean;
  /** The id of the last-administrator reason, when it applies. */
  describedBy: string | undefined;
  apply: Apply;
};

function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
}

export function DetailBody({ detail, busy, apply, onOffboard }: { detail: UserDetail; busy: boolean; apply: Apply; onOffboard: () => void }) {
  const { t } = useTranslation();
  const reasonId = useId();
  const managesEveryone = useManagesEveryone();
  const props: SectionProps = { detail, locked: busy || detail.localOnly, describedBy: detail.lastAdministrator ? reasonId : undefined, apply };
  return (
    <div className="detail-body">
      <DetailSummary detail={detail} reasonId={reasonId} />
      {managesEveryone ? (
        <>
          {detail.invitation && <InvitationSection {...props} />}
          <RoleSection {...props} busy={busy} />
          {(detail.status === "active" || detail.status === "blocked") && <AccessSection {...props} />}
        </>
      ) : (
        <ScopeNotice text={t("common:scope.detail")} testId="detail-scope-notice" />
      )}
      <Memberships detail={detail} disabled={props.locked} apply={apply} />
      {managesEveryone && <LeavingSection {...props} onOffboard={onOffboard} />}
    </div>
  );
}

function DetailSummary({ detail, reasonId }: { detail: UserDetail; reasonId: string }) {
  const { t } = useTranslation("userDetail");
  return (
    <>
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
          {t("conflict", { conflict: describeReason({ reason: detail.conflict, code: detail.conflictCode }, t) })}
        </p>
      )}
      {detail.lastAdministrator && (
        <p className="warning-text detail-notice" id={reasonId} data-testid="last-admin-reason">
          {t("lastAdministrator", { email: detail.email })}
        </p>
      )}
      {detail.localOnly && (
        <p className="warning-text detail-notice" data-testid="detail-local-only">
          {t("localOnly")}. <span className="muted">{t("localOnlyHint")}</span>
        </p>
      )}
    </>
  );
}

function InvitationSection({ detail, locked, apply }: SectionProps) {
  const { t, i18n } = useTranslation("userDetail");
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const invitation = detail.invitation;
  if (!invitation) return null;
  return (
    <section className="detail-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("invitation.title")}</h3>
      <dl className="facts">
        <dt>{t("invitation.invitedBy")}</dt>
        <dd>{invitation.invitedBy ?? t("invitation.unknown")}</dd>
        <dt>{t("invitation.invitedAt")}</dt>
        <dd>{formatDate(invitation.invitedAt, i18n.language)}</dd>
        <dt>{invitation.expired ? t("invitation.expiredOn") : t("invitation.expires")}</dt>
        <dd className={invitation.expired ? "error-text" : undefined}>{formatDate(invitation.expiresAt, i18n.language)}</dd>
        <dt>{t("invitation.method")}</dt>
        <dd>{invitation.method === "direct" ? t("invitation.direct") : t("invitation.byEmail")}</dd>
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
          <button type="button" className="button-danger" data-testid="detail-revoke" disabled={locked} onClick={() => setConfirming(true)}>
            {t("access.revoke")}
          </button>
          <p className="muted detail-hint">{t("access.resendHint")}</p>
        </div>
      )}
      {confirming && (
        <ConfirmChange
          title={t("remove.revokeTitle", { email: detail.email })}
          body={t("remove.revokeBody")}
          confirmLabel={t("remove.revokeConfirm")}
          change={{ kind: "revokeInvitation", userId: detail.id }}
          what={t("what.revoke")}
          apply={apply}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

function RoleSection({ detail, locked, describedBy, apply, busy }: SectionProps & { busy: boolean }) {
  const { t } = useTranslation("userDetail");
  const titleId = useId();
  const noteId = useId();
  const rmHintId = useId();
  const [role, setRole] = useState<RoleView>(detail.role);
  const [relationshipManagerTarget, setRelationshipManagerTarget] = useState<boolean | null>(null);
  useEffect(() => setRole(detail.role), [detail.role]);
  useEffect(() => {
    if (!busy) setRelationshipManagerTarget(null);
  }, [busy, detail.relationshipManager]);

  const last = detail.lastAdministrator;
  const roleName = (candidate: RoleView) => t(`common:role.${candidate}`);
  const relationshipManager = relationshipManagerTarget ?? detail.relationshipManager;
  const ineffective = relationshipManager && (detail.role === "basic" || role === "basic");
  return (
    <section className="detail-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("role.title")}</h3>
      <form
        className="detail-role"
        onSubmit={(event) => {
          event.preventDefault();
          if (role !== detail.role && !last) apply({ kind: "setRole", userId: detail.id, role }, t("what.setRole", { role: roleName(role) }));
        }}
      >
        <Field label={t("role.label")} describedBy={[noteId, describedBy].filter(Boolean).join(" ")} inline>
          {(control) => (
            <select {...control} data-testid="detail-role" value={role} disabled={locked || last} onChange={(event) => setRole(event.target.value as RoleView)}>
              <RoleOptions disabled={(candidate) => last && candidate !== "administrator"} />
            </select>
          )}
        </Field>
        <button type="submit" className="button-primary" data-testid="detail-role-submit" disabled={locked || last || role === detail.role}>
          {t("role.submit")}
        </button>
      </form>
      <p id={noteId} className="muted detail-hint">
        {t("role.note")}
      </p>

      <label className="detail-checkbox">
        <input
          type="checkbox"
          data-testid="detail-rm"
          checked={relationshipManager}
          disabled={locked}
          aria-describedby={rmHintId}
          onChange={(event) => {
            const value = event.target.checked;
            setRelationshipManagerTarget(value);
            apply({ kind: "setRelationshipManager", userId: detail.id, value }, value ? t("what.relationshipManagerOn") : t("what.relationshipManagerOff"));
          }}
        />
        {t("relationshipManager.label")}
      </label>
      <p id={rmHintId} className="muted detail-hint">
        {t("relationshipManager.hint")}
      </p>
      {ineffective && (
        <p className="warning-text detail-hint" data-testid="detail-rm-warning">
          {t("relationshipManager.label")}: {t("relationshipManager.noEffect")}
        </p>
      )}
    </section>
  );
}

function AccessSection({ detail, locked, describedBy, apply }: SectionProps) {
  const { t } = useTranslation("userDetail");
  const titleId = useId();
  const blocked = detail.status === "blocked";
  return (
    <section className="detail-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("access.title")}</h3>
      <button
        type="button"
        className={blocked ? "button-secondary" : "button-danger"}
        data-testid="detail-block"
        disabled={locked || (!blocked && detail.lastAdministrator)}
        aria-describedby={describedBy}
        onClick={() => apply({ kind: "setBlocked", userId: detail.id, blocked: !blocked }, blocked ? t("what.unblock") : t("what.block"))}
      >
        {blocked ? t("access.unblock") : t("access.block")}
      </button>
      <p className="muted detail-hint">{t("access.blockHint")}</p>
    </section>
  );
}

function LeavingSection({ detail, locked, describedBy, apply, onOffboard }: SectionProps & { onOffboard: () => void }) {
  const { t } = useTranslation("userDetail");
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const last = detail.lastAdministrator;
  return (
    <section className="detail-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("remove.title")}</h3>
      <div className="detail-actions">
        <button type="button" className="button-danger" data-testid="detail-offboard" disabled={locked || last} aria-describedby={describedBy} onClick={onOffboard}>
          {t("offboard.button")}
        </button>
        <button
          type="button"
          className="button-danger"
          data-testid="detail-remove"
          disabled={locked || last}
          aria-describedby={describedBy}
          onClick={() => setConfirming(true)}
        >
          {t("remove.button")}
        </button>
      </div>
      <p className="muted detail-hint">{t("offboard.hint")}</p>
      {confirming && (
        <ConfirmChange
          title={t("remove.confirmTitle", { email: detail.email })}
          body={t("remove.confirmBody")}
          confirmLabel={t("remove.confirm")}
          change={{ kind: "removeUser", userId: detail.id }}
          what={t("what.removeUser")}
          apply={apply}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

/** The question before a change that takes something away; Confirm closes it and applies the change. */
function ConfirmChange({
  title,
  body,
  confirmLabel,
  change,
  what,
  apply,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  change: ChangeRequest;
  what: string;
  apply: Apply;
  onClose: () => void;
}) {
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        apply(change, what);
      }}
    >
      <p>{body}</p>
    </ConfirmDialog>
  );
}
