// The add-environment form's platform part: which platform (the presets for eConnect
// Acceptance and Production, or custom URLs), the production warning, and where it connects.
import { useTranslation } from "react-i18next";

import type { Preset } from "../../lib/ipc/backend";
import { Field, TextField } from "../../shared/form/Field";
import { Options } from "../../shared/form/Options";
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
            <Options items={ADD_KINDS} label={label} />
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
          <TextField
            label={t("add.apiUrl")}
            testId="add-api-url"
            type="url"
            required
            placeholder="https://"
            value={urls.apiUrl}
            onValue={(apiUrl) => onUrls({ ...urls, apiUrl })}
          />
          <TextField
            label={t("add.identityUrl")}
            testId="add-identity-url"
            type="url"
            required
            placeholder="https://"
            value={urls.identityUrl}
            onValue={(identityUrl) => onUrls({ ...urls, identityUrl })}
          />
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
