// Anything the back end throws, as a translated sentence that says what to do. The UI
// translates by code, never by pasting the Rust side's English message into another
// language: a known platform code wins, else the IPC error's code; the message is added only
// where the code cannot say enough (something unexpected, an unknown code, or input the app
// cannot use, whose message names the field).
import type { TFunction } from "i18next";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { BackendError, type ChangeResult } from "../../lib/ipc/backend";
import { KNOWN_CODES, KNOWN_PLATFORM_CODES } from "./i18n";

/** Codes whose message is added to the text (the code alone says too little). */
// (An app-folder problem names the file and what to do — e.g. "written by a newer version;
// update the app" — which no generic text can.)
const WITH_DETAIL = new Set(["internal", "invalid_input", "app_folder"]);

export function describeError(error: unknown, t: TFunction): string {
  if (!(error instanceof BackendError)) {
    const detail = error instanceof Error ? error.message.trim() : typeof error === "string" ? error.trim() : "";
    return detail ? t("errors:detailed.unknown", { detail }) : t("errors:unknown");
  }
  if (error.platformCode !== null && KNOWN_PLATFORM_CODES.has(error.platformCode)) {
    return t(`errors:platform.${error.platformCode}`);
  }
  const detail = error.message.trim();
  if (!KNOWN_CODES.has(error.code)) return detail ? t("errors:detailed.unknown", { detail }) : t("errors:unknown");
  if (!detail) return t(`errors:code.${error.code}`);
  if (WITH_DETAIL.has(error.code)) return t(`errors:detailed.${error.code}`, { detail });
  // A platform code this UI does not know yet: the message is all there is to say.
  if (error.platformCode !== null) return t("errors:detailed.other", { text: t(`errors:code.${error.code}`), detail });
  return t(`errors:code.${error.code}`);
}

/**
 * Why a change was not done (a conflict or a refusal), translated by its platform code; the
 * Rust side's reason only when the code is unknown or missing.
 */
export function describeReason(result: Pick<ChangeResult, "reason" | "code">, t: TFunction): string {
  if (result.code && KNOWN_PLATFORM_CODES.has(result.code)) return t(`errors:platform.${result.code}`);
  return result.reason ?? result.code ?? t("errors:noReason");
}

/** `describeError` in the current language. */
export function useDescribeError(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => describeError(error, t), [t]);
}

/** `describeReason` in the current language. */
export function useDescribeReason(): (result: Pick<ChangeResult, "reason" | "code">) => string {
  const { t } = useTranslation();
  return useCallback((result: Pick<ChangeResult, "reason" | "code">) => describeReason(result, t), [t]);
}
