// The address box and the Rust side's verdict on each address as it is typed: ready, listed
// twice, invalid, already a user or invited; warnings for free-mail and unfamiliar domains.
import { useTranslation } from "react-i18next";

import type { AddressCheck, MethodView } from "../../lib/ipc/backend";
import { useDescribeError } from "../../shared/errors/describeError";
import { Field } from "../../shared/form/Field";

export function AddressField({
  text,
  checks,
  checkError,
  method,
  disabled,
  onText,
  onUseDirect,
}: {
  text: string;
  checks: AddressCheck[];
  /** Why the live check failed (`null` when it did not). */
  checkError: unknown;
  method: MethodView;
  disabled: boolean;
  onText: (text: string) => void;
  onUseDirect: () => void;
}) {
  const { t } = useTranslation("invite");
  const describe = useDescribeError();
  return (
    <div className="invite-field">
      <Field
        label={t("addresses.label")}
        hint={t("addresses.hint")}
        error={checkError !== null ? `${t("addresses.checkFailed")} ${describe(checkError)}` : undefined}
      >
        {(control) => (
          <textarea
            {...control}
            data-testid="invite-addresses"
            data-autofocus
            rows={5}
            value={text}
            disabled={disabled}
            onChange={(event) => onText(event.target.value)}
          />
        )}
      </Field>
      <AddressChecks checks={checks} method={method} onUseDirect={onUseDirect} />
    </div>
  );
}

function summaryOf(checks: AddressCheck[], t: (key: string, options: { count: number }) => string): string {
  const accepted = checks.filter((check) => !check.problem && check.email);
  const nWarnings = accepted.reduce((sum, check) => sum + check.warnings.length, 0);
  return [
    t("summary.toInvite", { count: accepted.length }),
    ...(["duplicate", "invalid", "alreadyUser", "alreadyInvited"] as const).flatMap((problem) => {
      const n = checks.filter((check) => check.problem === problem).length;
      return n > 0 ? [t(`summary.${problem}`, { count: n })] : [];
    }),
    ...(nWarnings > 0 ? [t("summary.warning", { count: nWarnings })] : []),
  ].join(", ");
}

function AddressChecks({ checks, method, onUseDirect }: { checks: AddressCheck[]; method: MethodView; onUseDirect: () => void }) {
  const { t } = useTranslation("invite");
  if (checks.length === 0) return null;
  return (
    <div className="invite-checks">
      <p role="status" className="invite-summary" data-testid="address-summary">
        {summaryOf(checks, t)}
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
                {check.problem ? t(`check.${check.problem}`, { detail: check.problemDetail ?? check.input }) : t("check.ok")}
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
