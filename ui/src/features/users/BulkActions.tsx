// Multi-select actions on the overview: one confirmation that says what will happen, a progress
// bar while Rust applies the changes, then what became of each user (done, queued while
// offline, conflict, refused — with the reason, translated by its code).
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ChangeRequest, ChangeResult, RoleView, UserRow } from "../../lib/ipc/backend";
import { newOperationId } from "../../shared/backendEvents";
import { Dialog } from "../../shared/dialog/Dialog";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { Field } from "../../shared/form/Field";
import { OperationProgress } from "../../shared/form/OperationProgress";
import { RoleOptions } from "../../shared/form/Options";
import { OutcomeList, OutcomeSummary } from "../../shared/outcomes/OutcomeList";

export type BulkAction = { kind: "role"; role: RoleView } | { kind: "block" } | { kind: "unblock" } | { kind: "resend" } | { kind: "remove" };

/** The actions that need no choice first (a role does), in the bar's order. */
const PLAIN_ACTIONS = ["block", "unblock", "resend", "remove"] as const satisfies readonly Exclude<BulkAction["kind"], "role">[];

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
        <Field label={t("bulk.newRole")} labelHidden inline>
          {(control) => (
            <select {...control} data-testid="bulk-role-select" value={role} onChange={(event) => setRole(event.target.value as RoleView)}>
              <RoleOptions />
            </select>
          )}
        </Field>
        <button type="button" className="button-secondary" data-testid="bulk-role" onClick={() => onAction({ kind: "role", role })}>
          {t("bulk.action.role")}
        </button>
      </span>
      {PLAIN_ACTIONS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={kind === "remove" ? "button-danger" : "button-secondary"}
          data-testid={`bulk-${kind}`}
          onClick={() => onAction({ kind })}
        >
          {t(`bulk.action.${kind}`)}
        </button>
      ))}
      <button type="button" className="users-link" data-testid="bulk-clear" onClick={onClear}>
        {t("bulk.clear")}
      </button>
    </div>
  );
}

type Phase =
  | { state: "confirm" }
  | { state: "running"; operation: string }
  | { state: "failed"; error: unknown }
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
  const role = action.kind === "role" ? t(`common:role.${action.role}`) : "";

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
      setPhase({ state: "failed", error: failure });
    }
  };

  const close = (
    <button type="button" className={phase.state === "finished" ? "button-primary" : "button-secondary"} data-autofocus={phase.state === "finished" || undefined} onClick={() => onClose(phase.state === "finished")}>
      {phase.state === "confirm" ? t("common:cancel") : t("common:close")}
    </button>
  );
  return (
    <Dialog
      title={t(`bulk.title.${action.kind}`, { count: targets.length, role })}
      testId="bulk-confirm"
      focusKey={phase.state}
      closeOnBackdrop={false}
      busy={phase.state === "running"}
      onClose={phase.state === "running" ? null : () => onClose(phase.state === "finished")}
      actions={
        phase.state === "running" ? undefined : (
          <>
            {close}
            {phase.state === "confirm" && (
              <button
                type="button"
                className={action.kind === "remove" ? "button-danger" : "button-primary"}
                data-testid="bulk-confirm-submit"
                disabled={targets.length === 0}
                onClick={() => void run()}
              >
                {t(`bulk.confirm.${action.kind}`, { count: targets.length })}
              </button>
            )}
            {phase.state === "failed" && (
              <button type="button" className="button-primary" onClick={() => void run()}>
                {t("common:retry")}
              </button>
            )}
          </>
        )
      }
    >
      {phase.state === "confirm" && <BulkConfirm action={action} targets={targets} skipped={skipped} activeAdministrators={activeAdministrators} />}
      {phase.state === "running" && <OperationProgress operation={phase.operation} label={t("bulk.running")} progressLabel={t("bulk.progress")} />}
      {phase.state === "failed" && <FailureText what={t("bulk.failed")} error={phase.error} />}
      {phase.state === "finished" && <BulkResults results={phase.results} skipped={skipped.length} action={action} />}
    </Dialog>
  );
}

/** What the action will do, to whom, and a warning when it touches administrators. */
function BulkConfirm({
  action,
  targets,
  skipped,
  activeAdministrators,
}: {
  action: BulkAction;
  targets: UserRow[];
  skipped: UserRow[];
  activeAdministrators: number | null;
}) {
  const { t } = useTranslation("users");
  const administrators = targets.filter((row) => row.role === "administrator");
  const touchesAdministrators =
    administrators.length > 0 && (action.kind === "block" || action.kind === "remove" || (action.kind === "role" && action.role !== "administrator"));
  const allActiveAdministrators =
    touchesAdministrators &&
    activeAdministrators !== null &&
    administrators.filter((row) => row.status === "active").length >= activeAdministrators;
  const names = targets.slice(0, NAMES_SHOWN).map((row) => row.name ?? row.email);
  const more = targets.length - names.length;
  const role = action.kind === "role" ? t(`common:role.${action.role}`) : "";
  return (
    <>
      <p data-testid="bulk-summary">
        {targets.length > 0 ? t(`bulk.effect.${action.kind}`, { count: targets.length, role }) : t("bulk.nothing")}
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
    </>
  );
}

function BulkResults({ results, skipped, action }: { results: { row: UserRow; result: ChangeResult }[]; skipped: number; action: BulkAction }) {
  const { t } = useTranslation("users");
  const queued = results.some((entry) => entry.result.outcome === "queued");
  return (
    <>
      <OutcomeSummary testId="bulk-summary-result" results={results.map((entry) => entry.result)} skipped={skipped} />
      {queued && <p className="muted">{t("bulk.queuedExplained")}</p>}
      <OutcomeList
        itemTestId="bulk-result"
        items={results.map(({ row, result }) => ({
          key: row.id,
          label: row.email,
          result,
          doneText: t(`bulk.done.${action.kind}`),
          attributes: { "data-email": row.email },
        }))}
      />
    </>
  );
}
