// Insights (SPEC §2, §5.7): what needs the administrator's attention, why it matters, and a
// one-click filter or fix. The counts come from the Rust side (overviewCounts) and are
// re-read whenever the cache changes.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation, type UserFilter } from "../../app/navigation";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { OverviewCounts } from "../../lib/ipc/backend";
import { LoadStatus } from "../../shared/LoadStatus";
import { ScopeNotice, useManagesEveryone } from "../../shared/ScopeNotice";
import { useLoadable } from "../../shared/useLoadable";
import { IneffectiveRmFix } from "./IneffectiveRmFix";
import "./insights.css";

export function InsightsScreen() {
  const { t } = useTranslation("insights");
  const backend = useBackend();
  const { navigate } = useNavigation();
  // Re-read when the cache changes; a refresh that fails keeps showing what was there.
  const loaded = useLoadable(() => backend.overviewCounts(), [backend]);
  const managesEveryone = useManagesEveryone();

  const showUsers = (filter: UserFilter) => navigate({ screen: "users", filter });

  return (
    <section aria-labelledby="insights-title" className="screen insights-screen">
      <h1 id="insights-title">{t("title")}</h1>
      <p className="muted insights-lead">{t("lead")}</p>
      {managesEveryone ? (
        <>
          <LoadStatus load={loaded} failedTitle={t("loadFailed")} announce />
          {loaded.state === "ready" && <Insights counts={loaded.value} showUsers={showUsers} />}
        </>
      ) : (
        <ScopeNotice text={t("common:scope.insights")} />
      )}
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
  const showButton = (filter: UserFilter, label: string, secondary = false) => (
    <button type="button" className={secondary ? "button-secondary" : "button-primary"} onClick={() => showUsers(filter)}>
      {label}
    </button>
  );

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
        <InsightCard name="noOrganisation" testId="insight-no-organisation" count={counts.noOrganisation} attention={noOrganisation}>
          {noOrganisation && showButton({ noOrganisation: true }, t("showThem"))}
        </InsightCard>

        <InsightCard
          name="singleAdministrator"
          testId="insight-single-administrator"
          count={counts.activeAdministrators}
          attention={singleAdministrator}
          headline={
            counts.activeAdministrators === 0
              ? t("singleAdministrator.none")
              : counts.activeAdministrators === 1
                ? t("singleAdministrator.one")
                : t("singleAdministrator.count", { count: counts.activeAdministrators })
          }
          why={singleAdministrator ? t("singleAdministrator.why") : t("singleAdministrator.fine")}
        >
          {singleAdministrator && showButton({ status: "active" }, t("singleAdministrator.fix"))}
        </InsightCard>

        <InsightCard
          name="staleInvitations"
          testId="insight-stale-invitations"
          count={counts.staleInvitations}
          attention={stale}
          headlineSuffix={counts.expired > 0 ? ` (${t("staleInvitations.expired", { count: counts.expired })})` : ""}
        >
          {stale && showButton({ staleInvitation: true }, t("showThem"))}
          {counts.expired > 0 && showButton({ expired: true }, t("staleInvitations.showExpired"), true)}
        </InsightCard>

        <InsightCard name="ineffectiveRm" testId="insight-ineffective-rm" count={counts.ineffectiveRelationshipManagers} attention={ineffectiveRm}>
          <IneffectiveRmFix
            count={counts.ineffectiveRelationshipManagers}
            onShow={() => showUsers({ ineffectiveRelationshipManager: true })}
          />
        </InsightCard>
      </div>
    </>
  );
}

/**
 * One insight, with its texts under `name` in the insights namespace: `title`, `why`, and as
 * headline `count` (needs attention) or `fine`, unless the card says otherwise.
 */
function InsightCard({
  name,
  testId,
  count,
  attention,
  headline,
  headlineSuffix = "",
  why,
  children,
}: {
  name: "noOrganisation" | "singleAdministrator" | "staleInvitations" | "ineffectiveRm";
  testId: string;
  count: number;
  attention: boolean;
  headline?: string;
  /** Added to the headline while the insight needs attention. */
  headlineSuffix?: string;
  why?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation("insights");
  const titleId = useId();
  const status = attention ? "attention" : "ok";
  const headlineText = headline ?? (attention ? t(`${name}.count`, { count }) + headlineSuffix : t(`${name}.fine`));
  return (
    <article
      className={`insight ${status}`}
      data-testid={testId}
      data-count={count}
      data-status={status}
      aria-labelledby={titleId}
    >
      <header className="insight-header">
        <h2 id={titleId}>{t(`${name}.title`)}</h2>
        <span className={`insight-status insight-status-${status}`}>
          <span aria-hidden="true">{attention ? "!" : "✓"}</span> {attention ? t("statusAttention") : t("statusOk")}
        </span>
      </header>
      <p className="insight-headline">
        <span className="insight-count" aria-hidden="true">
          {count}
        </span>
        <span className={attention ? "insight-headline-text warning-text" : "insight-headline-text"}>{headlineText}</span>
      </p>
      <p className="insight-why muted">{why ?? t(`${name}.why`)}</p>
      <div className="insight-actions">{children}</div>
    </article>
  );
}
