// What needs attention across every environment, from the caches: environments with a
// single administrator, people who are administrator in many, expired invitations and
// users without organisation — each a click away from the fix in that environment.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation, type UserFilter } from "../../app/navigation";
import { useSession } from "../../app/session";
import { isLocalSandbox } from "../../app/EnvironmentSwitcher";
import type { EnvironmentInsight } from "../../lib/ipc/backend";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";

export function CrossInsightsSection() {
  const { t } = useTranslation("people");
  const backend = useBackend();
  const { session, switchTo } = useSession();
  const { navigate } = useNavigation();
  const insights = useLoadable(() => backend.crossInsights(), [backend]);

  /** Opens the environment's overview with the filter that shows the fix. */
  const open = (insight: EnvironmentInsight, filter: UserFilter) => {
    const route = { screen: "users" as const, filter };
    if (insight.environment === session.environment) navigate(route);
    else void switchTo(isLocalSandbox({ environment: insight.environment, kind: "local-sandbox" }) ? null : insight.environment, route);
  };

  if (insights.state !== "ready") {
    return <LoadStatus load={insights} failedTitle={t("insights.loadFailed")} />;
  }
  const { environments, administratorsInMany } = insights.value;
  const single = environments.filter((insight) => insight.activeAdministrators <= 1);
  const expired = environments.filter((insight) => insight.expiredInvitations > 0);
  const withoutOrganisation = environments.filter((insight) => insight.withoutOrganisation > 0);
  const openButton = (insight: EnvironmentInsight, filter: UserFilter, detail: string) => (
    <li key={insight.environment}>
      <button type="button" className="link-button" onClick={() => open(insight, filter)} data-environment={insight.environment}>
        {t("insights.open", { environment: insight.environmentName })}
      </button>{" "}
      <span className="muted">{detail}</span>
    </li>
  );

  return (
    <section aria-labelledby="cross-insights-title" className="cross-insights" data-testid="cross-insights">
      <h2 id="cross-insights-title">{t("insights.title")}</h2>
      <div className="cross-insights-grid">
        <Card title={t("insights.singleAdministrator")} why={t("insights.singleAdministratorWhy")} count={single.length} testId="cross-single-administrator">
          {single.map((insight) => openButton(insight, { role: "administrator" }, t("insights.administrators", { count: insight.activeAdministrators })))}
        </Card>
        <Card title={t("insights.administratorsInMany")} why={t("insights.administratorsInManyWhy")} count={administratorsInMany.length} testId="cross-administrators-in-many">
          {administratorsInMany.map((person) => (
            <li key={person.email}>
              <strong>{person.name ?? person.email}</strong> <span className="muted">{person.environments.join(", ")}</span>
            </li>
          ))}
        </Card>
        <Card title={t("insights.expired")} why={t("insights.expiredWhy")} count={expired.length} testId="cross-expired">
          {expired.map((insight) => openButton(insight, { expired: true }, t("insights.invitations", { count: insight.expiredInvitations })))}
        </Card>
        <Card title={t("insights.withoutOrganisation")} why={t("insights.withoutOrganisationWhy")} count={withoutOrganisation.length} testId="cross-without-organisation">
          {withoutOrganisation.map((insight) => openButton(insight, { noOrganisation: true }, t("insights.count", { count: insight.withoutOrganisation })))}
        </Card>
      </div>
    </section>
  );
}

function Card({ title, why, count, testId, children }: { title: string; why: string; count: number; testId: string; children: ReactNode }) {
  const { t } = useTranslation("people");
  return (
    <article className={`cross-card ${count > 0 ? "attention" : "ok"}`} data-testid={testId} data-count={count}>
      <h3>
        <span aria-hidden="true">{count > 0 ? "! " : "✓ "}</span>
        {title}
      </h3>
      <p className="muted">{why}</p>
      {count > 0 ? <ul className="cross-list">{children}</ul> : <p>{t("insights.none")}</p>}
    </article>
  );
}
