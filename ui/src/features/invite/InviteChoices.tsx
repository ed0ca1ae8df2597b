// The invite dialog's choices: "with the same access as" a colleague, the role (with what
// each may do), the organisations to grant at once with a level each, and how the
// invitation reaches the person.
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { GrantView, LevelView, MethodView, RoleView, SameAccessView } from "../../lib/ipc/backend";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { Field } from "../../shared/form/Field";
import { LevelOptions } from "../../shared/form/Options";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";
import { useUserSuggestions } from "../../shared/useUserSuggestions";
import { ROLES } from "../../shared/vocabulary";

const METHODS: MethodView[] = ["email", "direct"];

export function RoleChoice({ role, disabled, onRole }: { role: RoleView; disabled: boolean; onRole: (role: RoleView) => void }) {
  const { t } = useTranslation("invite");
  const name = useId();
  return (
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
                <Radio name={name} value={candidate} chosen={role} testId={`invite-role-${candidate}`} disabled={disabled} onChoose={onRole}>
                  {t(`common:role.${candidate}`)}
                </Radio>
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
  );
}

export function OrganisationChoice({
  grants,
  disabled,
  onPick,
  onLevel,
}: {
  grants: GrantView[];
  disabled: boolean;
  onPick: (organisationId: string, picked: boolean) => void;
  onLevel: (organisationId: string, level: LevelView) => void;
}) {
  const { t } = useTranslation("invite");
  const backend = useBackend();
  const organisations = useLoadable(() => backend.organisations(), [backend]);
  return (
    <fieldset className="invite-fieldset">
      <legend>{t("organisations.legend")}</legend>
      <p className="muted invite-hint">{t("organisations.hint")}</p>
      <LoadStatus load={organisations} failedTitle={t("organisations.loadFailed")} />
      {organisations.state === "ready" &&
        (organisations.value.length === 0 ? (
          <p className="muted">{t("organisations.none")}</p>
        ) : (
          <ul className="invite-organisations">
            {organisations.value.map((organisation) => {
              const grant = grants.find((candidate) => candidate.organisationId === organisation.id);
              return (
                <li key={organisation.id} className="invite-organisation">
                  <label className="invite-choice">
                    <input
                      type="checkbox"
                      data-testid="invite-org"
                      data-name={organisation.name}
                      checked={grant !== undefined}
                      disabled={disabled}
                      onChange={(event) => onPick(organisation.id, event.target.checked)}
                    />
                    {organisation.name}
                  </label>
                  {grant && (
                    <select
                      className="invite-org-level"
                      data-testid="invite-org-level"
                      data-name={organisation.name}
                      aria-label={t("organisations.levelIn", { name: organisation.name })}
                      value={grant.level}
                      disabled={disabled}
                      onChange={(event) => onLevel(organisation.id, event.target.value as LevelView)}
                    >
                      <LevelOptions />
                    </select>
                  )}
                </li>
              );
            })}
          </ul>
        ))}
      {grants.length === 0 && (
        <p className="warning-text" data-testid="invite-no-organisation">
          {t("organisations.noneWarning")}
        </p>
      )}
    </fieldset>
  );
}

/**
 * "With the same access as …": pick a colleague (suggested from the cache as you type) and
 * copy their role and organisations, each at their level, into the choices below.
 */
export function SameAccessChoice({
  copiedFrom,
  disabled,
  onCopied,
}: {
  copiedFrom: SameAccessView | null;
  disabled: boolean;
  onCopied: (access: SameAccessView) => void;
}) {
  const { t } = useTranslation("invite");
  const backend = useBackend();
  const listId = useId();
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const query = email.trim();
  const suggestions = useUserSuggestions(query, query.length > 0);

  async function copy() {
    if (!query) return;
    setBusy(true);
    setError(null);
    try {
      onCopied(await backend.sameAccessAs(query));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="invite-fieldset invite-like" data-testid="invite-like">
      <legend>{t("like.legend")}</legend>
      <p className="muted invite-hint">{t("like.hint")}</p>
      <div className="invite-like-row">
        <Field label={t("like.label")}>
          {(control) => (
            <input
              {...control}
              type="email"
              list={listId}
              autoComplete="off"
              data-testid="invite-like-email"
              value={email}
              disabled={disabled || busy}
              onChange={(event) => setEmail(event.target.value)}
              onKeyDown={(event) => {
                // Enter copies here; it does not send the invitations.
                if (event.key === "Enter") {
                  event.preventDefault();
                  void copy();
                }
              }}
            />
          )}
        </Field>
        <button type="button" className="button-secondary" data-testid="invite-like-copy" disabled={disabled || busy || !query} onClick={() => void copy()}>
          {t("like.copy")}
        </button>
      </div>
      <datalist id={listId}>
        {suggestions?.rows.map((row) => (
          <option key={row.id} value={row.email}>
            {row.name ?? row.email}
          </option>
        ))}
      </datalist>
      <p role="status" className="muted" data-testid="invite-like-status">
        {copiedFrom &&
          t("like.copied", {
            email: copiedFrom.email,
            role: t(`common:role.${copiedFrom.role}`),
            count: copiedFrom.organisations.length,
          })}
      </p>
      {error !== null && <FailureText what={t("like.failed")} error={error} />}
    </fieldset>
  );
}

export function MethodChoice({ method, disabled, onMethod }: { method: MethodView; disabled: boolean; onMethod: (method: MethodView) => void }) {
  const { t } = useTranslation("invite");
  const name = useId();
  return (
    <fieldset className="invite-fieldset">
      <legend>{t("method.legend")}</legend>
      {METHODS.map((candidate) => (
        <Radio
          key={candidate}
          className="invite-method"
          name={name}
          value={candidate}
          chosen={method}
          testId={`invite-method-${candidate}`}
          disabled={disabled}
          onChoose={onMethod}
        >
          {t(`method.${candidate}`)}
        </Radio>
      ))}
    </fieldset>
  );
}

/** One choice of a radio group (`name`): checked when it is the `chosen` value. */
function Radio<T extends string>({
  name,
  value,
  chosen,
  testId,
  disabled,
  onChoose,
  className,
  children,
}: {
  name: string;
  value: T;
  chosen: T;
  testId: string;
  disabled: boolean;
  onChoose: (value: T) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`invite-choice${className ? ` ${className}` : ""}`}>
      <input type="radio" name={name} value={value} data-testid={testId} checked={chosen === value} disabled={disabled} onChange={() => onChoose(value)} />
      {children}
    </label>
  );
}
