// Multi-select actions on the overview: one confirmation that says what will happen, a progress
// bar while Rust applies the changes, then what became of each user (done, queued while
// offline, conflict, refused — with Rust's reason).
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type ChangeRequest, type ChangeResult, type RoleView, type UserRow } from "../../lib/ipc/backend";
import { newOperationId, useProgress } from "../../shared/backendEvents";
import { Dialog } from "./Dialog";

export type BulkAction = { kind: "role"; role: RoleView } | { kind: "block" } | { kind: "unblock" } | { kind: "resend" } | { kind: "remove" };

const ROLES: RoleView[] = ["basic", "advanced", "administrator"];

/** Which selected users the action applies to, and which it skips (nothing would change). */
export function planBulk(action: BulkAction, rows: UserRow[]): { targets: UserRow[]; skipped: UserRow[] } {
  const applies = (row: UserRow): boolean => {
    switch (action.kind) {
      case "role":
        return row.role !== action.role;
      case "block":
        return row.status !== "blocked";
      case "unblock":
        return row.status === "blocked";
      case "resend":
        return row.status === "invited";
      case "remove":
        return true;
    }
  };
  return { targets: rows.filter(applies), skipped: rows.filter((row) => !applies(row)) };
}

export function changeFor(action: BulkAction, row: UserRow): ChangeRequest {
  switch (action.kind) {
    case "role":
      return { kind: "setRole", userId: row.id, role: action.role };
    case "block":
      return { kind: "setBlocked", userId: row.id, blocked: true };
    case "unblock":
      return { kind: "setBlocked", userId: row.id, blocked: false };
    case "resend":
      return { kind: "resendInvitation", userId: row.id };
    case "remove":
      return { kind: "removeUser", userId: row.id };
  }
}

/** The bar shown while users are selected. */
export function BulkBar({
  count,
  onAction,
  onClear,
}: {
  count: number;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation("users");
  const [role, setRole] = useState<RoleView>("basic");
  return (
    <div className="users-bulk-bar" data-testid="bulk-bar" role="region" aria-label={t("bulk.label")}>
      <strong role="status">{t("bulk.selected", { count })}</strong>
      <span className="users-bulk-role">
        <label htmlFor="bulk-role-select" className="visually-hidden">
          {t("bulk.newRole")}
        </label>
        <select id="bulk-role-select" data-testid="bulk-role-select" value={role} onChange={(event) => setRole(event.target.value as RoleView)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`common:role.${value}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button-secondary" data-testid="bulk-role" onClick={() => onAction({ kind: "role", role })}>
          {t("bulk.action.role")}
        </button>
      </span>
      <button type="button" className="button-secondary" data-testid="bulk-block" onClick={() => onAction({ kind: "block" })}>
        {t("bulk.action.block")}
      </button>
      <button type="button" className="button-secondary" data-testid="bulk-unblock" onClick={() => onAction({ kind: "unblock" })}>
        {t("bulk.action.unblock")}
      </button>
      <button type="button" className="button-secondary" data-testid="bulk-resend" onClick={() => onAction({ kind: "resend" })}>
        {t("bulk.action.resend")}
      </button>
      <button type="button" className="button-danger" data-testid="bulk-remove" onClick={() => onAction({ kind: "remove" })}>
        {t("bulk.action.remove")}
      </button>
      <button type="button" className="users-link" data-testid="bulk-clear" onClick={onClear}>
        {t("bulk.clear")}
      </button>
    </div>
  );
}

type Phase =
  | { state: "confirm" }
  | { state: "running"; operation: string }
  | { state: "failed"; message: string }
  | { state: "finished"; results: { row: UserRow; result: ChangeResult }[] };

const NAMES_SHOWN = 5;

/** Confirmation, progress and per-user results of one bulk action. */
export function BulkDialog({
  action,
  rows,
  activeAdministrators,
  onClose,
}: {
  action: BulkAction;
  rows: UserRow[];
  /** From the overview counts: whether the selection holds every active administrator. */
  activeAdministrators: number | null;
  /** `finished` tells whether changes were sent (the selection is then cleared). */
  onClose: (finished: boolean) => void;
}) {
  const { t } = useTranslation("users");
  const backend = useBackend();
  const [phase, setPhase] = useState<Phase>({ state: "confirm" });
  const { targets, skipped } = planBulk(action, rows);
  const progress = useProgress(phase.state === "running" ? phase.operation : null);

  const administrators = targets.filter((row) => row.role === "administrator");
  const touchesAdministrators =
    administrators.length > 0 && (action.kind === "block" || action.kind === "remove" || (action.kind === "role" && action.role !== "administrator"));
  const allActiveAdministrators =
    touchesAdministrators &&
    activeAdministrators !== null &&
    administrators.filter((row) => row.status === "active").length >= activeAdministrators;

  const run = async () => {
    const operation = newOperationId("bulk");
    setPhase({ state: "running", operation });
    try {
      const results = await backend.applyChanges(
        operation,
        targets.map((row) => changeFor(action, row)),
      );
      setPhase({
        state: "finished",
        results: targets.map((row, index) => ({
          row,
          result: results[index] ?? { outcome: "refused", reason: t("bulk.result.noAnswer"), code: null },
        })),
      });
    } catch (failure) {
      setPhase({ state: "failed", message: errorMessage(failure) });
    }
  };

  const names = targets.slice(0, NAMES_SHOWN).map((row) => row.name ?? row.email);
  const more = targets.length - names.length;
  const title = t(`bulk.title.${action.kind}`, { count: targets.length, role: action.kind === "role" ? t(`common:role.${action.role}`) : "" });

  return (
    <Dialog
      titleId="bulk-confirm-title"
      testId="bulk-confirm"
      focusKey={phase.state}
      onClose={phase.state === "running" ? null : () => onClose(phase.state === "finished")}
    >
      <h2 id="bulk-confirm-title">{title}</h2>
      {phase.state === "confirm" && (
        <>
          <p data-testid="bulk-summary">
            {targets.length > 0
              ? t(`bulk.effect.${action.kind}`, { count: targets.length, role: action.kind === "role" ? t(`common:role.${action.role}`) : "" })
              : t("bulk.nothing")}
            {skipped.length > 0 && <> {t(`bulk.skipped.${action.kind}`, { count: skipped.length })}</>}
          </p>
          {targets.length > 0 && (
            <p className="muted" data-testid="bulk-names">
              {names.join(", ")}
              {more > 0 && ` ${t("bulk.andMore", { count: more })}`}
            </p>
          )}
          {touchesAdministrators && (
            <p className="warning-text" role="note" data-testid="bulk-admin-warning">
              {t("bulk.adminWarning", { count: administrators.length, emails: administrators.map((row) => row.email).join(", ") })}
              {allActiveAdministrators && <> {t("bulk.lastAdminWarning")}</>}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button-secondary" onClick={() => onClose(false)}>
              {t("common:cancel")}
            </button>
            <button
              type="button"
              className={action.kind === "remove" ? "button-danger" : "button-primary"}
              data-testid="bulk-confirm-submit"
              disabled={targets.length === 0}
              onClick={() => void run()}
            >
              {t(`bulk.confirm.${action.kind}`, { count: targets.length })}
            </button>
          </div>
        </>
      )}
      {phase.state === "running" && (
        <div role="status">
          <p>{t("bulk.running", { done: progress?.done ?? 0, count: progress?.total ?? targets.length })}</p>
          <progress aria-label={t("bulk.progress")} max={progress?.total ?? targets.length} value={progress?.done ?? 0} />
        </div>
      )}
      {phase.state === "failed" && (
        <>
          <p role="alert" className="error-text">
            {t("bulk.failed", { message: phase.message })}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button-secondary" onClick={() => onClose(false)}>
              {t("common:close")}
            </button>
            <button type="button" className="button-primary" onClick={() => void run()}>
              {t("common:retry")}
            </button>
          </div>
        </>
      )}
      {phase.state === "finished" && <BulkResults results={phase.results} skipped={skipped.length} action={action} onClose={() => onClose(true)} />}
    </Dialog>
  );
}

function BulkResults({
  results,
  skipped,
  action,
  onClose,
}: {
  results: { row: UserRow; result: ChangeResult }[];
  skipped: number;
  action: BulkAction;
  onClose: () => void;
}) {
  const { t } = useTranslation("users");
  const tally = (outcome: ChangeResult["outcome"]) => results.filter((entry) => entry.result.outcome === outcome).length;
  const parts = (["done", "queued", "conflict", "refused"] as const)
    .filter((outcome) => tally(outcome) > 0)
    .map((outcome) => t(`bulk.tally.${outcome}`, { count: tally(outcome) }));
  if (skipped > 0) parts.push(t("bulk.tally.skipped", { count: skipped }));
  return (
    <>
      <p role="status" data-testid="bulk-summary-result">
        {parts.join(" · ")}
      </p>
      {tally("queued") > 0 && <p className="muted">{t("bulk.queuedExplained")}</p>}
      <ul className="users-bulk-results">
        {results.map(({ row, result }) => (
          <li key={row.id} data-testid="bulk-result" data-email={row.email} data-outcome={result.outcome} className={`users-bulk-result users-outcome-${result.outcome}`}>
            <span className="users-bulk-result-who">{row.email}</span>
            <span>
              {t(`bulk.outcome.${result.outcome}`, { action: t(`bulk.done.${action.kind}`) })}
              {result.reason && <>: {result.reason}</>}
            </span>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="button-primary" data-autofocus onClick={onClose}>
          {t("common:close")}
        </button>
      </div>
    </>
  );
}
