// Activity (SPEC §5.9): the environment's audit events, newest first, a page at a time. The
// log lives on the platform (it is not cached), so offline it says it will load when the
// connection is back.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { BackendError, type AuditEvent } from "../../lib/ipc/backend";
import { useDescribeError } from "../../shared/errors/describeError";
import { ScopeNotice, useManagesEveryone } from "../../shared/ScopeNotice";
import { Field } from "../../shared/form/Field";
import { Options } from "../../shared/form/Options";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { ACTIONS, actionName, describeEvent } from "./describeEvent";
import { useAuditFeed } from "./useAuditFeed";
import "./activity.css";

const ALL = "";

export function ActivityScreen() {
  const { t } = useTranslation("activity");
  // The platform keeps the log for the environment's administrators only.
  if (!useManagesEveryone()) {
    return (
      <section aria-labelledby="activity-title" className="screen activity-screen">
        <h1 id="activity-title">{t("title")}</h1>
        <ScopeNotice text={t("common:scope.activity")} />
      </section>
    );
  }
  return <ActivityLog />;
}

function ActivityLog() {
  const { t } = useTranslation("activity");
  const backend = useBackend();
  const { feed, loading, busy, loadingMore, problem, loadMore, refresh } = useAuditFeed();
  // Organisation names for the sentences, from the cache (works offline too).
  const organisations = useLoadable(() => backend.organisations(), [backend]);
  const organisationNames = useMemo(() => new Map(valueOr(organisations, []).map((o) => [o.id, o.name])), [organisations]);
  const [person, setPerson] = useState(ALL);
  const [action, setAction] = useState(ALL);

  const events = useMemo(() => feed?.events ?? [], [feed]);
  const visible = useMemo(
    () =>
      events.filter(
        (event) => (person === ALL || event.actor === person || event.targetEmail === person) && (action === ALL || event.action === action),
      ),
    [events, person, action],
  );

  return (
    <section aria-labelledby="activity-title" className="screen activity-screen">
      <div className="activity-heading">
        <h1 id="activity-title">{t("title")}</h1>
        <button type="button" className="button-secondary" data-testid="activity-refresh" onClick={refresh}>
          {t("refresh")}
        </button>
      </div>
      <p className="muted activity-lead">{t("lead")}</p>

      {problem !== null && <ActivityProblem problem={problem} onRetry={refresh} />}

      {events.length > 0 && (
        <ActivityFilters events={events} shown={visible.length} person={person} action={action} onPerson={setPerson} onAction={setAction} />
      )}

      {loading && (
        <p className="muted" role="status">
          {t("common:loading")}
        </p>
      )}

      {feed !== null && events.length === 0 && (
        <div className="empty-state" data-testid="activity-empty">
          <p>{t("empty")}</p>
          <p>{t("emptyHint")}</p>
        </div>
      )}

      {events.length > 0 && visible.length === 0 && (
        <p className="empty-state" data-testid="activity-no-match">
          {feed?.nextCursor ? t("noMatchMore") : t("noMatch")}
        </p>
      )}

      {visible.length > 0 && <ActivityTable events={visible} busy={busy} organisationName={(id) => organisationNames.get(id)} />}

      {feed?.nextCursor && (
        <div className="activity-more">
          <button type="button" className="button-secondary" data-testid="activity-load-more" onClick={() => void loadMore()} aria-busy={loadingMore}>
            {loadingMore ? t("loadingMore") : t("loadMore")}
          </button>
        </div>
      )}
    </section>
  );
}

/** Offline is not a failure: the log loads when the connection is back. */
function ActivityProblem({ problem, onRetry }: { problem: unknown; onRetry: () => void }) {
  const { t } = useTranslation("activity");
  const describe = useDescribeError();
  const offline = problem instanceof BackendError && problem.code === "unreachable";
  return (
    <div
      role={offline ? "status" : "alert"}
      className={`error-notice activity-problem ${offline ? "activity-offline" : "activity-failed"}`}
      data-testid={offline ? "activity-offline" : "activity-error"}
    >
      <p className={offline ? "warning-text" : "error-text"}>{offline ? t("offline") : `${t("failed")} ${describe(problem)}`}</p>
      <button type="button" className="button-secondary" onClick={onRetry}>
        {t("common:retry")}
      </button>
    </div>
  );
}

function ActivityFilters({
  events,
  shown,
  person,
  action,
  onPerson,
  onAction,
}: {
  events: AuditEvent[];
  shown: number;
  person: string;
  action: string;
  onPerson: (person: string) => void;
  onAction: (action: string) => void;
}) {
  const { t } = useTranslation("activity");
  const people = useMemo(() => {
    const all = new Set<string>();
    for (const event of events) {
      all.add(event.actor);
      if (event.targetEmail) all.add(event.targetEmail);
    }
    if (person !== ALL) all.add(person);
    return [...all].sort((a, b) => a.localeCompare(b));
  }, [events, person]);
  const actions = useMemo(() => {
    const unknown = [...new Set(events.map((e) => e.action))].filter((a) => !(ACTIONS as readonly string[]).includes(a));
    return [...ACTIONS, ...unknown.sort()];
  }, [events]);
  const filtered = person !== ALL || action !== ALL;
  return (
    <fieldset className="activity-filters">
      <legend className="visually-hidden">{t("filters")}</legend>
      <Field label={t("person")} className="activity-filter">
        {(control) => (
          <select {...control} data-testid="activity-person" value={person} onChange={(event) => onPerson(event.target.value)}>
            <option value={ALL}>{t("everyone")}</option>
            <Options items={people} label={(p) => p} />
          </select>
        )}
      </Field>
      <Field label={t("action")} className="activity-filter">
        {(control) => (
          <select {...control} data-testid="activity-action" value={action} onChange={(event) => onAction(event.target.value)}>
            <option value={ALL}>{t("allActions")}</option>
            <Options items={actions} label={(a) => actionName(t, a)} />
          </select>
        )}
      </Field>
      <p className="muted activity-count" role="status" data-testid="activity-count">
        {filtered ? t("shownOf", { shown, count: events.length }) : t("shown", { count: events.length })}
      </p>
    </fieldset>
  );
}

function ActivityTable({ events, busy, organisationName }: { events: AuditEvent[]; busy: boolean; organisationName: (id: string) => string | undefined }) {
  const { t, i18n } = useTranslation("activity");
  const formatter = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }), [i18n.language]);
  const formatTime = (at: string) => {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : formatter.format(date);
  };
  return (
    <table className="activity-table" aria-labelledby="activity-title" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">{t("column.when")}</th>
          <th scope="col">{t("column.who")}</th>
          <th scope="col">{t("column.what")}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="audit-event" data-action={event.action}>
            <td className="activity-when">
              <time dateTime={event.at}>{formatTime(event.at)}</time>
            </td>
            <td className="activity-who">{event.actor}</td>
            <td className="activity-what" data-target={event.targetEmail ?? undefined}>
              {describeEvent(t, event, organisationName)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
