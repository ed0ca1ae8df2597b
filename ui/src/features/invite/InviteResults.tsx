// One outcome per address; a shared-domain refusal offers "Add directly" for that address.
import { useTranslation } from "react-i18next";

import { FailureText } from "../../shared/errors/ErrorNotice";
import { OutcomeList, OutcomeSummary } from "../../shared/outcomes/OutcomeList";
import type { ResultRow } from "./inviteFlow";

/** The shared-domain refusal: only Add directly works for such an address. */
export const SHARED_EMAIL_DOMAIN = "shared_email_domain";

export function InviteResults({ rows, onAddDirectly }: { rows: ResultRow[]; onAddDirectly: (email: string) => void }) {
  const { t } = useTranslation("invite");
  if (rows.length === 0) return <p className="empty-state">{t("results.empty")}</p>;
  return (
    <section aria-label={t("results.title")}>
      <OutcomeSummary results={rows.map((row) => row.result)} />
      <OutcomeList
        testId="invite-results"
        itemTestId="invite-result"
        items={rows.map((row) => ({
          key: row.email,
          label: <span className="invite-check-address">{row.email}</span>,
          result: row.result,
          doneText: row.method === "direct" ? t("results.added") : t("results.done"),
          attributes: { "data-email": row.email },
          extra: (
            <>
              {row.result.outcome === "refused" && row.result.code === SHARED_EMAIL_DOMAIN && (
                <button type="button" className="button-secondary" disabled={row.busy} onClick={() => onAddDirectly(row.email)}>
                  {t("results.addDirectly")}
                </button>
              )}
              {row.error !== null && <FailureText what={t("results.addDirectlyFailed")} error={row.error} />}
            </>
          ),
        }))}
      />
    </section>
  );
}
