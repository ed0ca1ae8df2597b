// Organisations (SPEC §5.5): the list on the left, the chosen organisation's members on the
// right. The data comes from the Rust cache and is re-read whenever the cache changes.
import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useNavigation } from "../../app/navigation";
import { useBackend } from "../../lib/ipc/BackendProvider";
import type { OrganisationView } from "../../lib/ipc/backend";
import { LoadStatus } from "../../shared/LoadStatus";
import { useLoadable, valueOr } from "../../shared/useLoadable";
import { OrganisationMembers } from "./OrganisationMembers";
import "./organisations.css";

export function OrganisationsScreen({ organisationId }: { organisationId?: string | undefined }) {
  const { t } = useTranslation("organisations");
  const backend = useBackend();
  const { navigate } = useNavigation();
  // Re-read when the cache changes; a refresh that fails keeps showing what was there.
  const loaded = useLoadable(() => backend.organisations(), [backend]);
  const [selectedId, setSelectedId] = useState<string | undefined>(organisationId);

  // The route may point at another organisation (a link from elsewhere in the app).
  useEffect(() => {
    if (organisationId !== undefined) setSelectedId(organisationId);
  }, [organisationId]);

  const organisations = valueOr(loaded, []);
  const selected = organisations.find((o) => o.id === selectedId);

  const select = (id: string) => {
    setSelectedId(id);
    navigate({ screen: "organisations", organisationId: id });
  };

  return (
    <section aria-labelledby="organisations-title" className="screen organisations-screen">
      <h1 id="organisations-title">{t("title")}</h1>
      <p className="muted organisations-lead">{t("lead")}</p>

      <LoadStatus load={loaded} failedTitle={t("loadFailed")} announce />
      {loaded.state === "ready" && organisations.length === 0 && (
        <div className="empty-state" data-testid="organisations-empty">
          <p>{t("noOrganisations")}</p>
          <p>{t("noOrganisationsHint")}</p>
        </div>
      )}

      {loaded.state === "ready" && organisations.length > 0 && (
        <div className="organisations-layout">
          <OrganisationList organisations={organisations} selectedId={selectedId} onSelect={select} />

          <div className="organisations-detail-pane">
            {selected ? (
              <OrganisationMembers key={selected.id} organisation={selected} />
            ) : selectedId ? (
              <p className="empty-state">{t("unknownOrganisation")}</p>
            ) : (
              <p className="empty-state">{t("chooseOne")}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** The organisations by name, narrowed by the search box; the chosen one is marked. */
function OrganisationList({
  organisations,
  selectedId,
  onSelect,
}: {
  organisations: OrganisationView[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation("organisations");
  const [search, setSearch] = useState("");
  const searchId = useId();
  const visible = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return [...organisations]
      .filter((o) => words.every((word) => o.name.toLowerCase().includes(word)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [organisations, search]);
  return (
    <div className="organisations-list-pane">
      <label htmlFor={searchId} className="organisations-search-label">
        {t("search")}
      </label>
      <input
        id={searchId}
        type="search"
        className="organisations-search"
        data-testid="organisation-search"
        placeholder={t("searchPlaceholder")}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {visible.length === 0 ? (
        <p className="empty-state">{t("noMatch", { text: search.trim() })}</p>
      ) : (
        <ul className="organisations-list" aria-label={t("listLabel")}>
          {visible.map((organisation) => (
            <li key={organisation.id}>
              <button
                type="button"
                className="organisation-row"
                data-testid="organisation-row"
                data-name={organisation.name}
                aria-current={organisation.id === selectedId ? "true" : undefined}
                onClick={() => onSelect(organisation.id)}
              >
                <span className="organisation-name">{organisation.name}</span>
                <span className="organisation-counts muted">
                  <span data-testid="organisation-member-count">{t("memberCount", { count: organisation.memberCount })}</span>
                  {" · "}
                  <span data-testid="organisation-administrator-count">{t("administratorCount", { count: organisation.administratorCount })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
