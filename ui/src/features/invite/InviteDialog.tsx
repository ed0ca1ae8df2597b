// The invite dialog: a pasted list of addresses, checked by the Rust side as it is typed, a
// role (Basic preselected), organisations to grant at once, by email or added directly; then
// one result per address.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import {
  errorMessage,
  type AddressCheck,
  type ChangeResult,
  type GrantView,
  type LevelView,
  type MethodView,
  type RoleView,
} from "../../lib/ipc/backend";
import { newOperationId, useProgress } from "../../shared/backendEvents";
import { useLoadable } from "../../shared/useLoadable";
import { useModalDialog } from "./useModalDialog";
import "./invite.css";

const ROLES: RoleView[] = ["basic", "advanced", "administrator"];
const LEVELS: LevelView[] = ["member", "administrator"];
/** How long typing must pause before the list is checked again. */
const CHECK_DELAY_MS = 250;

/** The shared-domain refusal: only Add directly works for such an address. */
export const SHARED_EMAIL_DOMAIN = "shared_email_domain";

type ResultRow = {
  email: string;
  result: ChangeResult;
  method: MethodView;
  busy?: boolean;
  error?: string;
};

type Phase =
  | { step: "edit"; error?: string }
  | { step: "sending"; operation: string }
  | { step: "results"; rows: ResultRow[] };

/** The addresses the Rust side found acceptable, once each. */
function sendableEmails(checks: AddressCheck[]): string[] {
  return checks.flatMap((check) => (!check.problem && check.email ? [check.email] : []));
}

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const backend = useBackend();
  const { t } = useTranslation("invite");
  const ids = useId();
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<{ text: string; checks: AddressCheck[] }>({ text: "", checks: [] });
  const [checkError, setCheckError] = useState<string | null>(null);
  const [role, setRole] = useState<RoleView>("basic");
  const [picked, setPicked] = useState<string[]>([]);
  const [level, setLevel] = useState<LevelView>("member");
  const [method, setMethod] = useState<MethodView>("email");
  const [phase, setPhase] = useState<Phase>({ step: "edit" });
  const organisations = useLoadable(() => backend.organisations(), [backend]);
  const dialogRef = useModalDialog<HTMLDivElement>(onClose, { canClose: phase.step !== "sending" });
  const doneRef = useRef<HTMLButtonElement>(null);

  // Check the list as it changes, once typing pauses.
  useEffect(() => {
    if (!text.trim()) {
      setChecked({ text, checks: [] });
      setCheckError(null);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      backend.checkAddresses(text).then(
        (checks) => {
          if (cancelled) return;
          setChecked({ text, checks });
          setCheckError(null);
        },
        (error: unknown) => !cancelled && setCheckError(errorMessage(error)),
      );
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [backend, text]);

  useEffect(() => {
    if (phase.step === "results") doneRef.current?.focus();
  }, [phase.step]);

  const checks = checked.checks;
  const sendable = sendableEmails(checks);
  const grants: GrantView[] = picked.map((organisationId) => ({ organisationId, level }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    let latest = checks;
    if (checked.text !== text) {
      // Sent before the pause: check what is in the box now.
      try {
        latest = await backend.checkAddresses(text);
        setChecked({ text, checks: latest });
      } catch (error) {
        setPhase({ step: "edit", error: t("addresses.checkFailed", { message: errorMessage(error) }) });
        return;
      }
    }
    const emails = sendableEmails(latest);
    if (emails.length === 0) {
      setPhase({ step: "edit", error: t("results.empty") });
      return;
    }
    const operation = newOperationId("invite");
    setPhase({ step: "sending", operation });
    try {
      const results = await backend.invite(operation, { addresses: emails.join("\n"), role, method, organisations: grants });
      setPhase({ step: "results", rows: results.map((row) => ({ ...row, method })) });
    } catch (error) {
      setPhase({ step: "edit", error: t("failed", { message: errorMessage(error) }) });
    }
  }

  function updateRow(email: string, update: (row: ResultRow) => ResultRow) {
    setPhase((current) =>
      current.step === "results" ? { step: "results", rows: current.rows.map((row) => (row.email === email ? update(row) : row)) } : current,
    );
  }

  async function addDirectly(email: string) {
    updateRow(email, (row) => ({ ...row, busy: true, error: undefined }));
    try {
      const results = await backend.invite(newOperationId("invite"), { addresses: email, role, method: "direct", organisations: grants });
      const result = results.find((row) => row.email === email) ?? results[0];
      updateRow(email, (row) => (result ? { email, result: result.result, method: "direct" } : { ...row, busy: false }));
    } catch (error) {
      updateRow(email, (row) => ({ ...row, busy: false, error: t("results.addDirectlyFailed", { message: errorMessage(error) }) }));
    }
  }

  const titleId = `${ids}-title`;
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog invite-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="invite-dialog"
        tabIndex={-1}
      >
        <h2 id={titleId}>{t("title")}</h2>
        {phase.step === "results" ? (
          <>
            <InviteResults rows={phase.rows} onAddDirectly={(email) => void addDirectly(email)} />
            <div className="dialog-actions">
              <button ref={doneRef} type="button" className="button-primary" onClick={onClose}>
                {t("done")}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)} noValidate>
            <div className="invite-field">
              <label htmlFor={`${ids}-addresses`}>{t("addresses.label")}</label>
              <textarea
                id={`${ids}-addresses`}
                data-testid="invite-addresses"
                data-autofocus
                rows={5}
                value={text}
                aria-describedby={`${ids}-addresses-hint`}
                disabled={phase.step === "sending"}
                onChange={(event) => setText(event.target.value)}
              />
              <p id={`${ids}-addresses-hint`} className="muted invite-hint">
                {t("addresses.hint")}
              </p>
              {checkError && (
                <p role="alert" className="error-text">
                  {t("addresses.checkFailed", { message: checkError })}
                </p>
              )}
              <AddressChecks checks={checks} method={method} onUseDirect={() => setMethod("direct")} />
            </div>

            <fieldset className="invite-fieldset">
              <legend>{t("role.legend")}</legend>
              <table className="invite-role-table" data-testid="role-table">
                <caption className="visually-hidden">{t("role.tableCaption")}</caption>
                <thead className="visually-hidden">
                  <tr>
                    <th scope="col">{t("role.column.role")}</th>
                    <th scope="col">{t("role.column.may")}</th>
                  </tr>
                </thead>
                <tbody>
                  {ROLES.map((candidate) => (
                    <tr key={candidate}>
                      <th scope="row">
                        <label className="invite-choice">
                          <input
                            type="radio"
                            name={`${ids}-role`}
                            value={candidate}
                            data-testid={`invite-role-${candidate}`}
                            checked={role === candidate}
                            disabled={phase.step === "sending"}
                            onChange={() => setRole(candidate)}
                          />
                          {t(`common:role.${candidate}`)}
                        </label>
                      </th>
                      <td className="muted">{t(`role.${candidate}`)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td colSpan={2} className="muted invite-hint">
                      {t("role.onlyAdministratorsInvite")}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </fieldset>

            <fieldset className="invite-fieldset">
              <legend>{t("organisations.legend")}</legend>
              <p className="muted invite-hint">{t("organisations.hint")}</p>
              {organisations.state === "loading" && <p className="muted">{t("common:loading")}</p>}
              {organisations.state === "failed" && (
                <p role="alert" className="error-text">
                  {t("organisations.loadFailed", { message: organisations.message })}
                </p>
              )}
              {organisations.state === "ready" &&
                (organisations.value.length === 0 ? (
                  <p className="muted">{t("organisations.none")}</p>
                ) : (
                  <ul className="invite-organisations">
                    {organisations.value.map((organisation) => (
                      <li key={organisation.id}>
                        <label className="invite-choice">
                          <input
                            type="checkbox"
                            data-testid="invite-org"
                            data-name={organisation.name}
                            checked={picked.includes(organisation.id)}
                            disabled={phase.step === "sending"}
                            onChange={(event) =>
                              setPicked((current) =>
                                event.target.checked ? [...current, organisation.id] : current.filter((id) => id !== organisation.id),
                              )
                            }
                          />
                          {organisation.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                ))}
              <div className="invite-level">
                <label htmlFor={`${ids}-level`}>{t("organisations.level")}</label>
                <select
                  id={`${ids}-level`}
                  data-testid="invite-level"
                  value={level}
                  disabled={phase.step === "sending"}
                  onChange={(event) => setLevel(event.target.value as LevelView)}
                >
                  {LEVELS.map((candidate) => (
                    <option key={candidate} value={candidate}>
                      {t(`common:level.${candidate}`)}
                    </option>
                  ))}
                </select>
              </div>
              {picked.length === 0 && (
                <p className="warning-text" data-testid="invite-no-organisation">
                  {t("organisations.noneWarning")}
                </p>
              )}
            </fieldset>

            <fieldset className="invite-fieldset">
              <legend>{t("method.legend")}</legend>
              {(["email", "direct"] as const).map((candidate) => (
                <label key={candidate} className="invite-choice invite-method">
                  <input
                    type="radio"
                    name={`${ids}-method`}
                    value={candidate}
                    data-testid={`invite-method-${candidate}`}
                    checked={method === candidate}
                    disabled={phase.step === "sending"}
                    onChange={() => setMethod(candidate)}
                  />
                  {t(`method.${candidate}`)}
                </label>
              ))}
            </fieldset>

            {phase.step === "sending" && <SendingProgress operation={phase.operation} />}
            {phase.step === "edit" && phase.error && (
              <p role="alert" className="error-text">
                {phase.error}
              </p>
            )}

            <div className="dialog-actions">
              <button type="button" className="button-secondary" onClick={onClose} disabled={phase.step === "sending"}>
                {t("common:cancel")}
              </button>
              <button
                type="submit"
                className="button-primary"
                data-testid="invite-submit"
                disabled={sendable.length === 0 || phase.step === "sending"}
              >
                {t("submit")}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

function AddressChecks({ checks, method, onUseDirect }: { checks: AddressCheck[]; method: MethodView; onUseDirect: () => void }) {
  const { t } = useTranslation("invite");
  if (checks.length === 0) return null;
  const count = (predicate: (check: AddressCheck) => boolean) => checks.filter(predicate).length;
  const accepted = checks.filter((check) => !check.problem && check.email);
  const nWarnings = accepted.reduce((sum, check) => sum + check.warnings.length, 0);
  const parts = [
    t("summary.toInvite", { count: accepted.length }),
    ...(["duplicate", "invalid", "alreadyUser", "alreadyInvited"] as const).flatMap((problem) => {
      const n = count((check) => check.problem === problem);
      return n > 0 ? [t(`summary.${problem}`, { count: n })] : [];
    }),
    ...(nWarnings > 0 ? [t("summary.warning", { count: nWarnings })] : []),
  ];
  return (
    <div className="invite-checks">
      <p role="status" className="invite-summary" data-testid="address-summary">
        {parts.join(", ")}
      </p>
      <ul data-testid="address-checks" aria-label={t("addresses.verdicts")}>
        {checks.map((check, index) => {
          const address = check.email ?? check.input;
          return (
            <li
              key={`${index}-${check.input}`}
              data-testid="address-check"
              data-email={address}
              data-verdict={check.problem ?? "ok"}
              className={`invite-check invite-check-${check.problem ?? "ok"}`}
            >
              <span className="invite-check-address">{address}</span>{" "}
              <span className={check.problem === "invalid" ? "error-text" : "muted"}>
                {check.problem
                  ? t(`check.${check.problem}`, { detail: check.problemDetail ?? check.input })
                  : t("check.ok")}
              </span>
              {!check.problem &&
                check.warnings.map((warning) => (
                  <p key={warning} className="warning-text invite-warning" data-warning={warning}>
                    {t(`check.${warning}`)}
                    {warning === "unfamiliarDomain" && method === "email" && (
                      <>
                        {" "}
                        <button type="button" className="button-secondary invite-inline-button" onClick={onUseDirect}>
                          {t("check.useDirect")}
                        </button>
                      </>
                    )}
                  </p>
                ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function SendingProgress({ operation }: { operation: string }) {
  const { t } = useTranslation("invite");
  const progress = useProgress(operation);
  return (
    <div className="invite-progress" role="status">
      <span>{t("sending")}</span>
      {progress ? (
        <progress aria-label={t("progressLabel")} value={progress.done} max={Math.max(progress.total, 1)} />
      ) : (
        <progress aria-label={t("progressLabel")} />
      )}
    </div>
  );
}

function InviteResults({ rows, onAddDirectly }: { rows: ResultRow[]; onAddDirectly: (email: string) => void }) {
  const { t } = useTranslation("invite");
  if (rows.length === 0) return <p className="empty-state">{t("results.empty")}</p>;
  const outcomeText = (row: ResultRow) => {
    const reason = row.result.reason ?? row.result.code ?? t("results.unknownReason");
    switch (row.result.outcome) {
      case "done":
        return row.method === "direct" ? t("results.added") : t("results.done");
      case "queued":
        return t("results.queued");
      case "conflict":
        return t("results.conflict", { reason });
      case "refused":
        return t("results.refused", { reason });
    }
  };
  return (
    <section aria-label={t("results.title")}>
      <ul className="invite-results" data-testid="invite-results">
        {rows.map((row) => (
          <li key={row.email} className="invite-result" data-testid="invite-result" data-email={row.email} data-outcome={row.result.outcome}>
            <span className="invite-check-address">{row.email}</span>{" "}
            <span className={row.result.outcome === "refused" || row.result.outcome === "conflict" ? "error-text" : row.result.outcome === "queued" ? "warning-text" : ""}>
              {outcomeText(row)}
            </span>
            {row.result.outcome === "refused" && row.result.code === SHARED_EMAIL_DOMAIN && (
              <>
                {" "}
                <button type="button" className="button-secondary invite-inline-button" disabled={row.busy} onClick={() => onAddDirectly(row.email)}>
                  {t("results.addDirectly")}
                </button>
              </>
            )}
            {row.error && (
              <p role="alert" className="error-text">
                {row.error}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
