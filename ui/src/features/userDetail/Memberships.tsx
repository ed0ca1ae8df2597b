// The user's organisations, each with its level; change a level, remove, or add another.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { errorMessage, type ChangeRequest, type LevelView, type OrganisationView, type UserDetail } from "../../lib/ipc/backend";
import { useCacheVersion } from "../../shared/backendEvents";
import type { Loadable } from "../../shared/useLoadable";

const LEVELS: LevelView[] = ["member", "administrator"];

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
  const organisations = useOrganisations();
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
                {LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {levelName(level)}
                  </option>
                ))}
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
      {organisations.state === "loading" && <p className="muted">{t("common:loading")}</p>}
      {organisations.state === "failed" && (
        <p role="alert" className="error-text">
          {t("memberships.loadFailed", { message: organisations.message })}
        </p>
      )}
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
          <label htmlFor={`${ids}-org`}>{t("memberships.organisation")}</label>
          <select
            id={`${ids}-org`}
            data-testid="add-membership-org"
            value={chosen.id}
            disabled={disabled}
            onChange={(event) => setOrganisationChoice(event.target.value)}
          >
            {available.map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </select>
          <label htmlFor={`${ids}-level`}>{t("memberships.addLevel")}</label>
          <select
            id={`${ids}-level`}
            data-testid="add-membership-level"
            value={addLevel}
            disabled={disabled}
            onChange={(event) => setAddLevel(event.target.value as LevelView)}
          >
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {levelName(level)}
              </option>
            ))}
          </select>
          <button type="submit" className="button-secondary" data-testid="add-membership-submit" disabled={disabled}>
            {t("memberships.addSubmit")}
          </button>
        </form>
      )}
    </section>
  );
}

/** The organisations, re-read when the cache changes; the last list stays while re-reading. */
function useOrganisations(): Loadable<OrganisationView[]> {
  const backend = useBackend();
  const cacheVersion = useCacheVersion();
  const [organisations, setOrganisations] = useState<Loadable<OrganisationView[]>>({ state: "loading" });
  useEffect(() => {
    let cancelled = false;
    backend.organisations().then(
      (value) => !cancelled && setOrganisations({ state: "ready", value }),
      (error: unknown) => !cancelled && setOrganisations({ state: "failed", message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, cacheVersion]);
  return organisations;
}
