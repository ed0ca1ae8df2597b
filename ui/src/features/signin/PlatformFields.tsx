// The add-environment form's platform part: which platform (the presets for eConnect
// Acceptance and Production, or custom URLs), the production warning, and where it connects.
import { useTranslation } from "react-i18next";

import type { Preset } from "../../lib/ipc/backend";
import { Field } from "../../shared/form/Field";
import { ADD_KINDS, connectsVia, type AddKind } from "./platforms";

export type Urls = { apiUrl: string; identityUrl: string };

export function PlatformFields({
  kind,
  presets,
  urls,
  onKind,
  onUrls,
}: {
  kind: AddKind;
  /** `null` while they are read. */
  presets: Preset[] | null;
  /** The typed URLs (used when the kind has no preset). */
  urls: Urls;
  onKind: (kind: AddKind) => void;
  onUrls: (urls: Urls) => void;
}) {
  const { t } = useTranslation("signIn");
  const connects = connectsVia(kind, presets);
  const label = (option: AddKind) =>
    option === "custom" ? t("add.custom") : (presets?.find((candidate) => candidate.kind === option)?.label ?? t(`common:environment.${option}`));
  return (
    <>
      <Field label={t("add.platform")}>
        {(control) => (
          <select {...control} data-testid="add-kind" value={kind} onChange={(event) => onKind(event.target.value as AddKind)}>
            {ADD_KINDS.map((option) => (
              <option key={option} value={option}>
                {label(option)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === "production" && (
        <p className="signin-production-warning" data-testid="add-production-warning">
          {t("add.productionWarning")}
        </p>
      )}
      {connects.via === "typed" && (
        <>
          <Field label={t("add.apiUrl")}>
            {(control) => (
              <input
                {...control}
                data-testid="add-api-url"
                type="url"
                required
                placeholder="https://"
                value={urls.apiUrl}
                onChange={(event) => onUrls({ ...urls, apiUrl: event.target.value })}
              />
            )}
          </Field>
          <Field label={t("add.identityUrl")}>
            {(control) => (
              <input
                {...control}
                data-testid="add-identity-url"
                type="url"
                required
                placeholder="https://"
                value={urls.identityUrl}
                onChange={(event) => onUrls({ ...urls, identityUrl: event.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {connects.via === "preset" && (
        <p className="muted signin-urls" data-testid="add-preset-urls">
          {t("add.connectsTo", { apiUrl: connects.preset.apiUrl, identityUrl: connects.preset.identityUrl })}
        </p>
      )}
      {connects.via === "unknown" && <p className="muted signin-urls">{t("common:loading")}</p>}
    </>
  );
}
