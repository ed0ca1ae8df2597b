// The members of an organisation as a table: who, their role and status, their level here
// (changed at once), and Remove.
import { useTranslation } from "react-i18next";

import type { LevelView, Member, OrganisationView } from "../../lib/ipc/backend";
import { LevelOptions } from "../../shared/form/Options";

export function MembersTable({
  organisation,
  members,
  chosenLevels,
  onLevel,
  onRemove,
}: {
  organisation: OrganisationView;
  members: Member[];
  /** Levels just chosen, shown until the members are read again. */
  chosenLevels: Record<string, LevelView>;
  onLevel: (member: Member, level: LevelView) => void;
  onRemove: (member: Member) => void;
}) {
  const { t } = useTranslation("organisations");
  return (
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
                onChange={(event) => onLevel(member, event.target.value as LevelView)}
              >
                <LevelOptions />
              </select>
            </td>
            <td className="member-actions">
              <button
                type="button"
                className="button-danger"
                data-testid="member-remove"
                aria-label={t("removeLabel", { email: member.email, organisation: organisation.name })}
                onClick={() => onRemove(member)}
              >
                {t("remove")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
