// One audit event as a translated sentence ("changed the role of bob@…: Basic user → Advanced
// user"). The platform's `detail` is a short English summary in known shapes (`basic →
// advanced`, `as member`, `granted`, …); the known shapes are translated, anything else is
// shown as the platform wrote it.
import type { TFunction } from "i18next";

import type { AuditEvent } from "../../lib/ipc/backend";
import { LEVELS, ROLES } from "../../shared/vocabulary";

/** The platform's action codes (econnect-contract `AuditAction`), in the order of the filter. */
export const ACTIONS = [
  "user_invited",
  "user_added_directly",
  "invitation_resent",
  "invitation_revoked",
  "invitation_accepted",
  "role_changed",
  "relationship_manager_changed",
  "user_blocked",
  "user_unblocked",
  "user_removed",
  "organisation_created",
  "member_added",
  "member_level_changed",
  "member_removed",
] as const;

export function isKnownAction(action: string): boolean {
  return (ACTIONS as readonly string[]).includes(action);
}

/** The filter's name of an action; unknown codes read as themselves. */
export function actionName(t: TFunction<"activity">, action: string): string {
  return isKnownAction(action) ? t(`actionName.${action}`) : action.replaceAll("_", " ");
}

export function describeEvent(t: TFunction<"activity">, event: AuditEvent, organisationName: (id: string) => string | undefined): string {
  const detail = event.detail?.trim() ?? "";
  const target = event.targetEmail ?? t("someone");
  const organisation =
    (event.organisationId && organisationName(event.organisationId)) ||
    (event.action === "organisation_created" && detail) ||
    t("anOrganisation");
  const role = (token: string) => ((ROLES as readonly string[]).includes(token) ? t(`common:role.${token}`) : token);
  const level = (token: string) => ((LEVELS as readonly string[]).includes(token) ? t(`common:level.${token}`) : token);
  const change = /^(\S+)\s*(?:→|->)\s*(\S+)$/.exec(detail);
  const as = /^as (\w+)(?:, (\d+) organisations?)?$/.exec(detail);
  const withRawDetail = (sentence: string) => (detail ? t("sentence.withDetail", { sentence, detail }) : sentence);

  switch (event.action) {
    case "user_invited":
    case "user_added_directly": {
      if (!as?.[1]) return withRawDetail(t(`sentence.${event.action}`, { target }));
      const sentence = t(`sentence.${event.action}_role`, { target, role: role(as[1]) });
      return as[2] ? t("sentence.withOrganisations", { sentence, count: Number(as[2]) }) : sentence;
    }
    case "invitation_accepted":
      return !event.targetEmail || event.targetEmail === event.actor
        ? t("sentence.invitation_accepted")
        : t("sentence.invitation_accepted_for", { target });
    case "role_changed":
      return change?.[1] && change[2]
        ? t("sentence.role_changed_detail", { target, from: role(change[1]), to: role(change[2]) })
        : withRawDetail(t("sentence.role_changed", { target }));
    case "relationship_manager_changed":
      if (detail === "granted") return t("sentence.relationship_manager_granted", { target });
      if (detail === "withdrawn") return t("sentence.relationship_manager_withdrawn", { target });
      return withRawDetail(t("sentence.relationship_manager_changed", { target }));
    case "user_removed": {
      const memberships = /^(\d+) memberships? removed$/.exec(detail);
      if (memberships?.[1]) return t("sentence.user_removed_memberships", { target, count: Number(memberships[1]) });
      return withRawDetail(t("sentence.user_removed", { target }));
    }
    case "organisation_created":
      return t("sentence.organisation_created", { organisation });
    case "member_added":
      return as?.[1]
        ? t("sentence.member_added_level", { target, organisation, level: level(as[1]) })
        : withRawDetail(t("sentence.member_added", { target, organisation }));
    case "member_level_changed":
      return change?.[1] && change[2]
        ? t("sentence.member_level_changed_detail", { target, organisation, from: level(change[1]), to: level(change[2]) })
        : withRawDetail(t("sentence.member_level_changed", { target, organisation }));
    case "member_removed":
      // The detail ("was member") repeats what the sentence needs not say.
      return t("sentence.member_removed", { target, organisation });
    case "invitation_resent":
    case "invitation_revoked":
    case "user_blocked":
    case "user_unblocked":
      return withRawDetail(t(`sentence.${event.action}`, { target }));
    default:
      return withRawDetail(t("sentence.unknown", { action: actionName(t, event.action), target: event.targetEmail ?? "" }).trim());
  }
}
