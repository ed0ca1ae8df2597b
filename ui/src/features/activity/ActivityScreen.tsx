// Activity (SPEC §5.9): the environment's audit events, newest first, a page at a time. The
// log lives on the platform (it is not cached), so offline it says it will load when the
// connection is back. Re-read when the cache changes (a change made here shows up at once).
import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { BackendError, errorMessage, type AuditEvent, type AuditPage } from "../../lib/ipc/backend";
import { useCacheVersion } from "../../shared/backendEvents";
import { ACTIONS, actionName, describeEvent } from "./describeEvent";
import "./activity.css";

type Feed = { events: AuditEvent[]; nextCursor: string | null };
type Problem = { offline: boolean; message: string };

const ALL = "";

/** The first page read again, put in front of what was loaded (unless there is a gap). */
function mergeFirstPage(current: Feed | null, page: AuditPage): Feed {
  const fresh = { events: page.items, nextCursor: page.nextCursor };
  if (!current || current.events.length === 0) return fresh;
  const ids = new Set(page.items.map((e) => e.id));
  if (!current.events.some((e) => ids.has(e.id))) return fresh;
  const older = current.events.filter((e) => !ids.has(e.id));
  return { events: [...page.items, ...older], nextCursor: older.length > 0 ? current.nextCursor : page.nextCursor };
}

function problemOf(error: unknown): Problem {
  return { offline: error instanceof BackendError && error.code === "unreachable", message: errorMessage(error) };
}

export function ActivityScreen() {
  const { t, i18n } = useTranslation("activity");
  const backend = useBackend();
  const cacheVersion = useCacheVersion();
  const [feed, setFeed] = useState<Feed | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [person, setPerson] = useState(ALL);
  const [action, setAction] = useState(ALL);
  const [organisationNames, setOrganisationNames] = useState<ReadonlyMap<string, string>>(new Map());
  const personId = useId();
  const actionId = useId();

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    backend.auditEvents(null).then(
      (page) => {
        if (cancelled) return;
        setFeed((current) => mergeFirstPage(current, page));
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (cancelled) return;
        setProblem(problemOf(error));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion, attempt]);

  // Organisation names for the sentences, from the cache (works offline too).
  useEffect(() => {
    let cancelled = false;
    backend.organisations().then(
      (organisations) => !cancelled && setOrganisationNames(new Map(organisations.map((o) => [o.id, o.name]))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion]);

  const loadMore = async () => {
    if (!feed?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await backend.auditEvents(feed.nextCursor);
      setFeed((current) => {
        const events = current?.events ?? [];
        const ids = new Set(events.map((e) => e.id));
        return { events: [...events, ...page.items.filter((e) => !ids.has(e.id))], nextCursor: page.nextCursor };
      });
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const events = useMemo(() => feed?.events ?? [], [feed]);
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
  const visible = useMemo(
    () =>
      events.filter(
        (event) => (person === ALL || event.actor === person || event.targetEmail === person) && (action === ALL || event.action === action),
      ),
    [events, person, action],
  );

  const formatter = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }), [i18n.language]);
  const formatTime = (at: string) => {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : formatter.format(date);
  };
  const organisationName = (id: string) => organisationNames.get(id);
  const filtered = person !== ALL || action !== ALL;

  return (
    <section aria-labelledby="activity-title" className="screen activity-screen">
      <div className="activity-heading">
        <h1 id="activity-title">{t("title")}</h1>
        <button type="button" className="button-secondary" data-testid="activity-refresh" onClick={() => setAttempt((n) => n + 1)}>
          {t("refresh")}
        </button>
      </div>
      <p className="muted activity-lead">{t("lead")}</p>

      {problem && (
        <div
          role={problem.offline ? "status" : "alert"}
          className={`activity-problem ${problem.offline ? "activity-offline" : "activity-failed"}`}
          data-testid={problem.offline ? "activity-offline" : "activity-error"}
        >
          <p className={problem.offline ? "warning-text" : "error-text"}>
            {problem.offline ? t("offline") : t("failed", { message: problem.message })}
          </p>
          <button type="button" className="button-secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t("common:retry")}
          </button>
        </div>
      )}

      {events.length > 0 && (
        <fieldset className="activity-filters">
          <legend className="visually-hidden">{t("filters")}</legend>
          <div className="activity-filter">
            <label htmlFor={personId}>{t("person")}</label>
            <select id={personId} data-testid="activity-person" value={person} onChange={(event) => setPerson(event.target.value)}>
              <option value={ALL}>{t("everyone")}</option>
              {people.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="activity-filter">
            <label htmlFor={actionId}>{t("action")}</label>
            <select id={actionId} data-testid="activity-action" value={action} onChange={(event) => setAction(event.target.value)}>
              <option value={ALL}>{t("allActions")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionName(t, a)}
                </option>
              ))}
            </select>
          </div>
          <p className="muted activity-count" role="status" data-testid="activity-count">
            {filtered ? t("shownOf", { shown: visible.length, count: events.length }) : t("shown", { count: events.length })}
          </p>
        </fieldset>
      )}

      {loading && feed === null && !problem && (
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

      {visible.length > 0 && (
        <table className="activity-table" aria-labelledby="activity-title" aria-busy={loading || loadingMore}>
          <thead>
            <tr>
              <th scope="col">{t("column.when")}</th>
              <th scope="col">{t("column.who")}</th>
              <th scope="col">{t("column.what")}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((event) => (
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
      )}

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
