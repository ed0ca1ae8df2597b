// Insights (SPEC §2, §5.7): what needs the administrator's attention, why it matters, and a
// one-click filter or fix. The counts come from the Rust side (overviewCounts) and are
// re-read whenever the cache changes.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation, type UserFilter } from "../../app/navigation";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { OverviewCounts } from "../../lib/ipc/backend";
import { ErrorNotice } from "../../shared/errors/ErrorNotice";
import { useLoadable } from "../../shared/useLoadable";
import { IneffectiveRmFix } from "./IneffectiveRmFix";
import "./insights.css";

export function InsightsScreen() {
  const { t } = useTranslation("insights");
  const backend = useBackend();
  const { navigate } = useNavigation();
  // Re-read when the cache changes; a refresh that fails keeps showing what was there.
  const loaded = useLoadable(() => backend.overviewCounts(), [backend]);

  const showUsers = (filter: UserFilter) => navigate({ screen: "users", filter });

  return (
    <section aria-labelledby="insights-title" className="screen insights-screen">
      <h1 id="insights-title">{t("title")}</h1>
      <p className="muted insights-lead">{t("lead")}</p>
      {loaded.state === "loading" && (
        <p className="muted" role="status">
          {t("common:loading")}
        </p>
      )}
      {loaded.state === "failed" && <ErrorNotice title={t("loadFailed")} error={loaded.error} onRetry={loaded.reload} />}
      {loaded.state === "ready" && <Insights counts={loaded.value} showUsers={showUsers} />}
    </section>
  );
}

function Insights({ counts, showUsers }: { counts: OverviewCounts; showUsers: (filter: UserFilter) => void }) {
  const { t } = useTranslation("insights");
  const noOrganisation = counts.noOrganisation > 0;
  const singleAdministrator = counts.activeAdministrators <= 1;
  const stale = counts.staleInvitations > 0;
  const ineffectiveRm = counts.ineffectiveRelationshipManagers > 0;
  const attention = [noOrganisation, singleAdministrator, stale, ineffectiveRm].filter(Boolean).length;

  return (
    <>
      <p
        role="status"
        data-testid="insights-summary"
        className={`insights-summary ${attention === 0 ? "ok" : "attention"}`}
      >
        {attention === 0 ? t("allFine") : t("needsAttention", { count: attention })}
      </p>
      <div className="insights-grid">
        <InsightCard
          testId="insight-no-organisation"
          count={counts.noOrganisation}
          attention={noOrganisation}
          title={t("noOrganisation.title")}
          headline={noOrganisation ? t("noOrganisation.count", { count: counts.noOrganisation }) : t("noOrganisation.fine")}
          why={t("noOrganisation.why")}
        >
          {noOrganisation && (
            <button type="button" className="button-primary" onClick={() => showUsers({ noOrganisation: true })}>
              {t("showThem")}
            </button>
          )}
        </InsightCard>

        <InsightCard
          testId="insight-single-administrator"
          count={counts.activeAdministrators}
          attention={singleAdministrator}
          title={t("singleAdministrator.title")}
          headline={
            counts.activeAdministrators === 0
              ? t("singleAdministrator.none")
              : counts.activeAdministrators === 1
                ? t("singleAdministrator.one")
                : t("singleAdministrator.count", { count: counts.activeAdministrators })
          }
          why={singleAdministrator ? t("singleAdministrator.why") : t("singleAdministrator.fine")}
        >
          {singleAdministrator && (
            <button type="button" className="button-primary" onClick={() => showUsers({ status: "active" })}>
              {t("singleAdministrator.fix")}
            </button>
          )}
        </InsightCard>

        <InsightCard
          testId="insight-stale-invitations"
          count={counts.staleInvitations}
          attention={stale}
          title={t("staleInvitations.title")}
          headline={
            stale
              ? t("staleInvitations.count", { count: counts.staleInvitations }) +
                (counts.expired > 0 ? ` (${t("staleInvitations.expired", { count: counts.expired })})` : "")
              : t("staleInvitations.fine")
          }
          why={t("staleInvitations.why")}
        >
          {stale && (
            <button type="button" className="button-primary" onClick={() => showUsers({ staleInvitation: true })}>
              {t("showThem")}
            </button>
          )}
          {counts.expired > 0 && (
            <button type="button" className="button-secondary" onClick={() => showUsers({ expired: true })}>
              {t("staleInvitations.showExpired")}
            </button>
          )}
        </InsightCard>

        <InsightCard
          testId="insight-ineffective-rm"
          count={counts.ineffectiveRelationshipManagers}
          attention={ineffectiveRm}
          title={t("ineffectiveRm.title")}
          headline={
            ineffectiveRm
              ? t("ineffectiveRm.count", { count: counts.ineffectiveRelationshipManagers })
              : t("ineffectiveRm.fine")
          }
          why={t("ineffectiveRm.why")}
        >
          <IneffectiveRmFix
            count={counts.ineffectiveRelationshipManagers}
            onShow={() => showUsers({ ineffectiveRelationshipManager: true })}
          />
        </InsightCard>
      </div>
    </>
  );
}

function InsightCard({
  testId,
  count,
  attention,
  title,
  headline,
  why,
  children,
}: {
  testId: string;
  count: number;
  attention: boolean;
  title: string;
  headline: string;
  why: string;
  children: ReactNode;
}) {
  const { t } = useTranslation("insights");
  const titleId = useId();
  const status = attention ? "attention" : "ok";
  return (
    <article
      className={`insight ${status}`}
      data-testid={testId}
      data-count={count}
      data-status={status}
      aria-labelledby={titleId}
    >
      <header className="insight-header">
        <h2 id={titleId}>{title}</h2>
        <span className={`insight-status insight-status-${status}`}>
          <span aria-hidden="true">{attention ? "!" : "✓"}</span> {attention ? t("statusAttention") : t("statusOk")}
        </span>
      </header>
      <p className="insight-headline">
        <span className="insight-count" aria-hidden="true">
          {count}
        </span>
        <span className={attention ? "insight-headline-text warning-text" : "insight-headline-text"}>{headline}</span>
      </p>
      <p className="insight-why muted">{why}</p>
      <div className="insight-actions">{children}</div>
    </article>
  );
}
