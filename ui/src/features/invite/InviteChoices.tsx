// The invite dialog's choices: the role (with what each may do), the organisations to grant
// at once and their level, and how the invitation reaches the person.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { LevelView, MethodView, RoleView } from "../../lib/ipc/backend";
import { Field } from "../../shared/form/Field";
import { LevelOptions } from "../../shared/form/Options";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";
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
  picked,
  level,
  disabled,
  onPick,
  onLevel,
}: {
  picked: string[];
  level: LevelView;
  disabled: boolean;
  onPick: (organisationId: string, picked: boolean) => void;
  onLevel: (level: LevelView) => void;
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
            {organisations.value.map((organisation) => (
              <li key={organisation.id}>
                <label className="invite-choice">
                  <input
                    type="checkbox"
                    data-testid="invite-org"
                    data-name={organisation.name}
                    checked={picked.includes(organisation.id)}
                    disabled={disabled}
                    onChange={(event) => onPick(organisation.id, event.target.checked)}
                  />
                  {organisation.name}
                </label>
              </li>
            ))}
          </ul>
        ))}
      <Field label={t("organisations.level")} inline className="invite-level">
        {(control) => (
          <select {...control} data-testid="invite-level" value={level} disabled={disabled} onChange={(event) => onLevel(event.target.value as LevelView)}>
            <LevelOptions />
          </select>
        )}
      </Field>
      {picked.length === 0 && (
        <p className="warning-text" data-testid="invite-no-organisation">
          {t("organisations.noneWarning")}
        </p>
      )}
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
