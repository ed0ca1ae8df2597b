// The members of one organisation: their level, removal, adding a colleague, and what became
// of each change (done, queued offline, conflict, refused), as the Rust side reports it.
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation } from "../../app/navigation";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { LevelView, Member, OrganisationView, UserRow } from "../../lib/ipc/backend";
import { ConfirmDialog } from "../../shared/dialog/ConfirmDialog";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";
import { useExport } from "../import/useExport";
import { AddMemberForm } from "./AddMemberForm";
import { MembersTable } from "./MembersTable";
import { useMemberChanges } from "./useMemberChanges";

export function OrganisationMembers({ organisation }: { organisation: OrganisationView }) {
  const { t } = useTranslation("organisations");
  const backend = useBackend();
  // Re-read when the cache changes and after each change; a failed refresh keeps the list.
  const loaded = useLoadable(() => backend.organisationMembers(organisation.id), [backend, organisation.id]);
  const { apply, running, message } = useMemberChanges(organisation, loaded.reload);
  const membersTitle = useRef<HTMLHeadingElement>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  /** Levels just chosen, shown until the members are read again. */
  const [chosen, setChosen] = useState<{ against: Member[] | null; levels: Record<string, LevelView> }>({ against: null, levels: {} });

  const loadedMembers = loaded.state === "ready" ? loaded.value : null;
  const members = useMemo(
    () => (loadedMembers ? [...loadedMembers].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email)) : []),
    [loadedMembers],
  );
  const memberIds = useMemo(() => new Set(members.map((m) => m.userId)), [members]);
  const chosenLevels = chosen.against === loadedMembers ? chosen.levels : {};

  const changeLevel = async (member: Member, level: LevelView) => {
    setChosen({ against: loadedMembers, levels: { ...chosenLevels, [member.userId]: level } });
    const ok = await apply({
      kind: "level",
      email: member.email,
      level,
      request: { kind: "setMember", organisationId: organisation.id, userId: member.userId, level },
    });
    if (!ok) {
      setChosen((current) => {
        const { [member.userId]: _dropped, ...rest } = current.levels;
        return { ...current, levels: rest };
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
    apply({ kind: "add", email: user.email, level, request: { kind: "setMember", organisationId: organisation.id, userId: user.id, level } });

  return (
    <div className="organisation-detail" data-testid="organisation-detail" data-name={organisation.name}>
      <OrganisationHeader organisation={organisation} />

      <div role="status" aria-live="polite" className="organisation-message-region">
        {message && (
          <p data-testid="organisation-message" data-outcome={message.outcome} className={`organisation-message organisation-message-${message.outcome}`}>
            {message.text}
          </p>
        )}
      </div>

      <AddMemberForm organisationName={organisation.name} memberIds={memberIds} busy={running} onAdd={add} />

      <h3 className="organisation-members-title" ref={membersTitle} tabIndex={-1}>
        {t("members")}
      </h3>
      <LoadStatus load={loaded} failedTitle={t("membersFailed")} />
      {loaded.state === "ready" && members.length === 0 && (
        <div className="empty-state" data-testid="members-empty">
          <p>{t("noMembers")}</p>
          <p>{t("noMembersHint")}</p>
        </div>
      )}
      {members.length > 0 && (
        <MembersTable
          organisation={organisation}
          members={members}
          chosenLevels={chosenLevels}
          onLevel={(member, level) => void changeLevel(member, level)}
          onRemove={setRemoving}
        />
      )}

      {removing && (
        <ConfirmDialog
          testId="member-remove-dialog"
          title={t("confirmRemove.title", { email: removing.email, organisation: organisation.name })}
          confirmLabel={t("confirmRemove.confirm")}
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        >
          <p>{t("confirmRemove.body", { email: removing.email, organisation: organisation.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The organisation's name and counts, and the way to its members in Users. */
function OrganisationHeader({ organisation }: { organisation: OrganisationView }) {
  const { t } = useTranslation("organisations");
  const { navigate } = useNavigation();
  const { exported, exportUsers } = useExport();
  return (
    <div className="organisation-detail-header">
      <div>
        <h2 id="organisation-detail-title">{organisation.name}</h2>
        <p className="muted organisation-detail-counts">
          {t("memberCount", { count: organisation.memberCount })} · {t("administratorCount", { count: organisation.administratorCount })}
        </p>
        {exported && (
          <p role="status" className={exported.ok ? "muted" : "error-text"} data-testid="organisation-export-status">
            {exported.text}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button-secondary"
        data-testid="organisation-export"
        title={t("import:exportHint")}
        onClick={() => void exportUsers({ organisationId: organisation.id })}
      >
        {t("import:export")}
      </button>
      <button
        type="button"
        className="button-secondary"
        data-testid="organisation-show-in-users"
        onClick={() => navigate({ screen: "users", filter: { organisationId: organisation.id } })}
      >
        {t("showInUsers")}
      </button>
    </div>
  );
}
