// The members of one organisation: their level, removal, adding a colleague, and what became
// of each change (done, queued offline, conflict, refused), as the Rust side reports it.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation } from "../../app/navigation";
import { useBackend } from "../../lib/ipc/BackendProvider";
import {
  errorMessage,
  type ChangeRequest,
  type ChangeResult,
  type LevelView,
  type Member,
  type OrganisationView,
  type UserRow,
} from "../../lib/ipc/backend";
import { newOperationId, useCacheVersion } from "../../shared/backendEvents";
import { AddMemberForm } from "./AddMemberForm";
import { ConfirmDialog } from "./ConfirmDialog";

const LEVELS: LevelView[] = ["member", "administrator"];

type Loaded = { state: "loading" } | { state: "ready"; members: Member[] } | { state: "failed"; message: string };

/** A change made on this screen, with what the messages need to describe it. */
type MemberChange = { kind: "add" | "level" | "remove"; email: string; level: LevelView; request: ChangeRequest };

type Message = { outcome: ChangeResult["outcome"] | "failed"; text: string };

export function OrganisationMembers({ organisation }: { organisation: OrganisationView }) {
  const { t } = useTranslation("organisations");
  const backend = useBackend();
  const { navigate } = useNavigation();
  const cacheVersion = useCacheVersion();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [reload, setReload] = useState(0);
  /** Changes under way (they may overlap: each reports its own outcome). */
  const [running, setRunning] = useState(0);
  const membersTitle = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  /** Levels just chosen, shown until the members are read again. */
  const [chosenLevels, setChosenLevels] = useState<Record<string, LevelView>>({});

  useEffect(() => {
    let cancelled = false;
    backend.organisationMembers(organisation.id).then(
      (members) => {
        if (cancelled) return;
        setLoaded({ state: "ready", members });
        setChosenLevels({});
      },
      (error: unknown) =>
        !cancelled && setLoaded((current) => (current.state === "ready" ? current : { state: "failed", message: errorMessage(error) })),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, organisation.id, cacheVersion, reload]);

  const members = useMemo(
    () =>
      loaded.state === "ready"
        ? [...loaded.members].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email))
        : [],
    [loaded],
  );
  const memberIds = useMemo(() => new Set(members.map((m) => m.userId)), [members]);

  const describe = (change: MemberChange) => ({
    email: change.email,
    organisation: organisation.name,
    level: t(`common:level.${change.level}`),
  });

  const apply = async (change: MemberChange): Promise<boolean> => {
    setRunning((n) => n + 1);
    setMessage(null);
    const names = describe(change);
    const what = t(`change.${change.kind}`, names);
    try {
      const [result] = await backend.applyChanges(newOperationId("organisation"), [change.request]);
      const outcome = result?.outcome ?? "refused";
      const reason = result?.reason ?? t("outcome.noReason");
      if (outcome === "done") setMessage({ outcome, text: t(`outcome.done.${change.kind}`, names) });
      else setMessage({ outcome, text: t(`outcome.${outcome}`, { change: what, reason }) });
      if (outcome === "done" || outcome === "queued") {
        setReload((n) => n + 1);
        return true;
      }
      return false;
    } catch (error) {
      setMessage({ outcome: "failed", text: t("outcome.failed", { change: what, reason: errorMessage(error) }) });
      return false;
    } finally {
      setRunning((n) => n - 1);
    }
  };

  const changeLevel = async (member: Member, level: LevelView) => {
    setChosenLevels((current) => ({ ...current, [member.userId]: level }));
    const ok = await apply({
      kind: "level",
      email: member.email,
      level,
      request: { kind: "setMember", organisationId: organisation.id, userId: member.userId, level },
    });
    if (!ok) {
      setChosenLevels((current) => {
        const { [member.userId]: _dropped, ...rest } = current;
        return rest;
      });
    }
  };

  const remove = async (member: Member) => {
    setRemoving(null);
    await apply({
      kind: "remove",
      email: member.email,
      level: member.level,
      request: { kind: "removeMember", organisationId: organisation.id, userId: member.userId },
    });
    // The row (and its button) goes away: keep the keyboard user in the member list.
    membersTitle.current?.focus();
  };

  const add = (user: UserRow, level: LevelView) =>
    apply({
      kind: "add",
      email: user.email,
      level,
      request: { kind: "setMember", organisationId: organisation.id, userId: user.id, level },
    });

  return (
    <div className="organisation-detail" data-testid="organisation-detail" data-name={organisation.name}>
      <div className="organisation-detail-header">
        <div>
          <h2 id="organisation-detail-title">{organisation.name}</h2>
          <p className="muted organisation-detail-counts">
            {t("memberCount", { count: organisation.memberCount })} ·{" "}
            {t("administratorCount", { count: organisation.administratorCount })}
          </p>
        </div>
        <button
          type="button"
          className="button-secondary"
          data-testid="organisation-show-in-users"
          onClick={() => navigate({ screen: "users", filter: { organisationId: organisation.id } })}
        >
          {t("showInUsers")}
        </button>
      </div>

      <div role="status" aria-live="polite" className="organisation-message-region">
        {message && (
          <p
            data-testid="organisation-message"
            data-outcome={message.outcome}
            className={`organisation-message organisation-message-${message.outcome}`}
          >
            {message.text}
          </p>
        )}
      </div>

      <AddMemberForm organisationName={organisation.name} memberIds={memberIds} busy={running > 0} onAdd={add} />

      <h3 className="organisation-members-title" ref={membersTitle} tabIndex={-1}>{t("members")}</h3>
      {loaded.state === "loading" && <p className="muted">{t("common:loading")}</p>}
      {loaded.state === "failed" && (
        <div role="alert">
          <p className="error-text">{t("membersFailed", { message: loaded.message })}</p>
          <button type="button" className="button-secondary" onClick={() => setReload((n) => n + 1)}>
            {t("common:retry")}
          </button>
        </div>
      )}
      {loaded.state === "ready" && members.length === 0 && (
        <div className="empty-state" data-testid="members-empty">
          <p>{t("noMembers")}</p>
          <p>{t("noMembersHint")}</p>
        </div>
      )}
      {members.length > 0 && (
        <table className="members-table" aria-labelledby="organisation-detail-title">
          <thead>
            <tr>
              <th scope="col">{t("column.name")}</th>
              <th scope="col">{t("column.role")}</th>
              <th scope="col">{t("column.status")}</th>
              <th scope="col">{t("column.level")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("column.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                <td>
                  <div className="member-name">{member.name ?? member.email}</div>
                  {member.name && <div className="muted member-email">{member.email}</div>}
                  {member.pending && (
                    <span className="badge badge-pending" data-testid="member-pending" title={t("pendingHint")}>
                      {t("pending")}
                    </span>
                  )}
                </td>
                <td>{t(`common:role.${member.role}`)}</td>
                <td>
                  <span className={`badge badge-${member.status}`}>{t(`common:status.${member.status}`)}</span>
                </td>
                <td>
                  <select
                    data-testid="member-level"
                    aria-label={t("levelOf", { email: member.email, organisation: organisation.name })}
                    value={chosenLevels[member.userId] ?? member.level}
                    onChange={(event) => void changeLevel(member, event.target.value as LevelView)}
                  >
                    {LEVELS.map((level) => (
                      <option key={level} value={level}>
                        {t(`common:level.${level}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="member-actions">
                  <button
                    type="button"
                    className="button-danger"
                    data-testid="member-remove"
                    aria-label={t("removeLabel", { email: member.email, organisation: organisation.name })}
                    onClick={() => setRemoving(member)}
                  >
                    {t("remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {removing && (
        <ConfirmDialog
          testId="member-remove-dialog"
          title={t("confirmRemove.title", { email: removing.email, organisation: organisation.name })}
          confirmLabel={t("confirmRemove.confirm")}
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        >
          <p>{t("confirmRemove.body", { email: removing.email, organisation: organisation.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
