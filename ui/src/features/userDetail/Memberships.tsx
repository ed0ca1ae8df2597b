// The user's organisations, each with its level; change a level, remove, or add another.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ChangeRequest, LevelView, UserDetail } from "../../lib/ipc/backend";
import { Field } from "../../shared/form/Field";
import { LevelOptions, OrganisationOptions } from "../../shared/form/Options";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable } from "../../shared/useLoadable";

export function Memberships({
  detail,
  disabled,
  apply,
}: {
  detail: UserDetail;
  disabled: boolean;
  apply: (change: ChangeRequest, what: string) => void;
}) {
  const { t } = useTranslation("userDetail");
  const ids = useId();
  const backend = useBackend();
  // Re-read when the cache changes; the last list stays while re-reading.
  const organisations = useLoadable(() => backend.organisations(), [backend]);
  const [organisationChoice, setOrganisationChoice] = useState("");
  const [addLevel, setAddLevel] = useState<LevelView>("member");

  const available =
    organisations.state === "ready"
      ? organisations.value.filter((organisation) => !detail.memberships.some((m) => m.organisationId === organisation.id))
      : [];
  const chosen = available.find((organisation) => organisation.id === organisationChoice) ?? available[0];
  const levelName = (level: LevelView) => t(`common:level.${level}`);

  return (
    <section className="detail-section" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t("memberships.title")}</h3>
      {detail.memberships.length === 0 ? (
        <p className="warning-text" data-testid="no-memberships">
          {t("memberships.none")}
        </p>
      ) : (
        <ul className="detail-memberships">
          {detail.memberships.map((membership) => (
            <li key={membership.organisationId} data-testid="membership" data-organisation={membership.organisationName}>
              <span className="detail-membership-name">{membership.organisationName}</span>
              <select
                data-testid="membership-level"
                aria-label={t("memberships.level", { organisation: membership.organisationName })}
                value={membership.level}
                disabled={disabled}
                onChange={(event) => {
                  const level = event.target.value as LevelView;
                  apply(
                    { kind: "setMember", organisationId: membership.organisationId, userId: detail.id, level },
                    t("what.setLevel", { organisation: membership.organisationName, level: levelName(level) }),
                  );
                }}
              >
                <LevelOptions />
              </select>
              <button
                type="button"
                className="button-secondary"
                data-testid="membership-remove"
                aria-label={t("memberships.removeLabel", { organisation: membership.organisationName })}
                disabled={disabled}
                onClick={() =>
                  apply(
                    { kind: "removeMember", organisationId: membership.organisationId, userId: detail.id },
                    t("what.removeMember", { organisation: membership.organisationName }),
                  )
                }
              >
                {t("memberships.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h4 className="detail-subtitle">{t("memberships.add")}</h4>
      <LoadStatus load={organisations} failedTitle={t("memberships.loadFailed")} />
      {organisations.state === "ready" && available.length === 0 && <p className="muted">{t("memberships.allTaken")}</p>}
      {chosen && (
        <form
          className="detail-add-membership"
          onSubmit={(event) => {
            event.preventDefault();
            apply(
              { kind: "setMember", organisationId: chosen.id, userId: detail.id, level: addLevel },
              t("what.addMember", { organisation: chosen.name, level: levelName(addLevel) }),
            );
          }}
        >
          <Field label={t("memberships.organisation")} inline>
            {(control) => (
              <select {...control} data-testid="add-membership-org" value={chosen.id} disabled={disabled} onChange={(event) => setOrganisationChoice(event.target.value)}>
                <OrganisationOptions organisations={available} />
              </select>
            )}
          </Field>
          <Field label={t("memberships.addLevel")} inline>
            {(control) => (
              <select {...control} data-testid="add-membership-level" value={addLevel} disabled={disabled} onChange={(event) => setAddLevel(event.target.value as LevelView)}>
                <LevelOptions />
              </select>
            )}
          </Field>
          <button type="submit" className="button-secondary" data-testid="add-membership-submit" disabled={disabled}>
            {t("memberships.addSubmit")}
          </button>
        </form>
      )}
    </section>
  );
}
