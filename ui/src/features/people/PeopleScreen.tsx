// People across environments (SPEC §1: accountants and IT providers with tens of clients):
// a person found in every environment's cache at once — offline too, in milliseconds —
// one row per environment with role, status, organisations and how fresh that cache is;
// from there, offboard or block them everywhere. Below: what needs attention across all
// environments, each a click away from the fix in that environment; above: discovering
// the environments one sign-in may enter, syncing them all, and the access report.
import { useDeferredValue, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import type { EverywhereAction, PersonAccess } from "../../lib/ipc/backend";
import { useBackend } from "../../lib/ipc/BackendProvider";
import { LoadStatus } from "../../shared/LoadStatus";
import { useEnvironmentStatuses } from "../../shared/useEnvironmentStatuses";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { formatWhen } from "../sync/formatWhen";
import { CrossInsightsSection } from "./CrossInsightsSection";
import { DiscoverDialog } from "./DiscoverDialog";
import { EverywhereDialog } from "./EverywhereDialog";
import { PeopleToolbar } from "./PeopleToolbar";
import "./people.css";

/** Rows asked for per search: enough for one person in fifty environments, many times over. */
const LIMIT = 500;

type Person = { email: string; name: string | null; rows: PersonAccess[] };

function byPerson(rows: PersonAccess[]): Person[] {
  const people = new Map<string, Person>();
  for (const row of rows) {
    const person = people.get(row.email) ?? { email: row.email, name: row.name, rows: [] };
    person.name ??= row.name;
    person.rows.push(row);
    people.set(row.email, person);
  }
  return [...people.values()];
}

export function PeopleScreen() {
  const { t } = useTranslation("people");
  const backend = useBackend();
  const searchId = useId();
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text.trim());
  const statuses = useEnvironmentStatuses();
  const found = useLoadable(() => backend.findPeople(deferred, LIMIT), [backend, deferred], {
    enabled: deferred.length > 0,
    keepPreviousValue: true,
  });
  const [everywhere, setEverywhere] = useState<{ email: string; action: EverywhereAction } | null>(null);
  const [discovering, setDiscovering] = useState(false);
  const rows = deferred ? valueOr(found, [] as PersonAccess[]) : [];
  const people = byPerson(rows);
  const nEnvironments = valueOr(statuses, []).length;

  return (
    <section aria-labelledby="people-title" className="screen people-screen">
      <h1 id="people-title">{t("title")}</h1>
      <p className="muted people-lead">
        {t("lead")} <span data-testid="people-environments">{t("environmentsLine", { count: nEnvironments })}</span>
      </p>
      <PeopleToolbar onDiscover={() => setDiscovering(true)} />
      <div className="people-search">
        <label htmlFor={searchId}>{t("search")}</label>
        <input
          id={searchId}
          type="search"
          value={text}
          placeholder={t("searchPlaceholder")}
          onChange={(event) => setText(event.target.value)}
          data-testid="people-search"
          autoComplete="off"
        />
      </div>
      <div aria-live="polite" className="people-results-status">
        {deferred === "" ? (
          <p className="muted">{t("typeToSearch")}</p>
        ) : found.state === "ready" ? (
          <p data-testid="people-count">
            {rows.length === 0 ? t("noMatch", { text: deferred }) : t("results", { count: rows.length, people: people.length })}
          </p>
        ) : (
          <LoadStatus load={found} failedTitle={t("noMatch", { text: deferred })} />
        )}
      </div>
      {people.map((person) => (
        <PersonCard key={person.email} person={person} onEverywhere={(action) => setEverywhere({ email: person.email, action })} />
      ))}
      {deferred === "" && <CrossInsightsSection />}
      {everywhere && <EverywhereDialog email={everywhere.email} action={everywhere.action} onClose={() => setEverywhere(null)} />}
      {discovering && <DiscoverDialog onClose={() => setDiscovering(false)} />}
    </section>
  );
}

function PersonCard({ person, onEverywhere }: { person: Person; onEverywhere: (action: EverywhereAction) => void }) {
  const { t, i18n } = useTranslation("people");
  const titleId = useId();
  return (
    <article className="person-card" aria-labelledby={titleId} data-testid="person" data-email={person.email}>
      <header className="person-header">
        <h2 id={titleId}>
          {person.name ?? person.email}
          {person.name && <span className="muted person-email"> {person.email}</span>}
        </h2>
        <span className="muted">{t("inEnvironments", { count: person.rows.length })}</span>
        <span className="person-actions">
          <button type="button" className="button-secondary" onClick={() => onEverywhere("block")} data-testid="block-everywhere">
            {t("blockEverywhere")}
          </button>
          <button type="button" className="button-danger" onClick={() => onEverywhere("offboard")} data-testid="offboard-everywhere">
            {t("offboardEverywhere")}
          </button>
        </span>
      </header>
      <table className="person-table">
        <thead>
          <tr>
            <th scope="col">{t("column.environment")}</th>
            <th scope="col">{t("column.role")}</th>
            <th scope="col">{t("column.status")}</th>
            <th scope="col">{t("column.organisations")}</th>
            <th scope="col">{t("column.synced")}</th>
          </tr>
        </thead>
        <tbody>
          {person.rows.map((row) => (
            <tr key={row.environment} data-testid="person-row" data-environment={row.environment} data-role={row.role} data-status={row.status}>
              <th scope="row">{row.environmentName}</th>
              <td>{t(`common:role.${row.role}`)}</td>
              <td>
                <span className={`badge badge-${row.status}`}>{t(`common:status.${row.status}`)}</span>
              </td>
              <td>
                {row.organisations.length === 0 ? (
                  <span className="warning-text">{t("noOrganisation")}</span>
                ) : (
                  row.organisations.map((organisation) => `${organisation.name} (${t(`common:level.${organisation.level}`)})`).join(", ")
                )}
              </td>
              <td className="muted">{row.lastSyncedAt ? formatWhen(row.lastSyncedAt, i18n.language) : t("never")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
