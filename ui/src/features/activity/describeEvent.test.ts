import i18n from "../../i18n";
import type { AuditEvent } from "../../lib/ipc/backend";
import { ACTIONS, actionName, describeEvent } from "./describeEvent";

const base: AuditEvent = {
  id: "e",
  at: "2025-03-14T09:30:00Z",
  actor: "ada.admin@acme.example",
  action: "user_invited",
  targetEmail: "hank.hill@acme.example",
  organisationId: null,
  detail: null,
};
const names = (id: string) => (id === "org-finance" ? "Acme Finance" : undefined);
const en = () => i18n.getFixedT("en", "activity");
const nl = () => i18n.getFixedT("nl", "activity");

test.each([
  [{ action: "user_invited", detail: "as basic" }, "invited hank.hill@acme.example as Basic user"],
  [{ action: "user_invited", detail: "as advanced, 2 organisations" }, "invited hank.hill@acme.example as Advanced user, with access to 2 organisations"],
  [{ action: "user_added_directly", detail: "as administrator" }, "added hank.hill@acme.example directly as Administrator"],
  [{ action: "invitation_revoked" }, "revoked the invitation of hank.hill@acme.example"],
  [{ action: "invitation_accepted", actor: "hank.hill@acme.example" }, "accepted the invitation"],
  [{ action: "role_changed", detail: "basic → advanced" }, "changed the role of hank.hill@acme.example: Basic user → Advanced user"],
  [{ action: "relationship_manager_changed", detail: "granted" }, "made hank.hill@acme.example a relationship manager"],
  [{ action: "relationship_manager_changed", detail: "withdrawn" }, "withdrew the relationship-manager flag of hank.hill@acme.example"],
  [{ action: "user_removed" }, "removed hank.hill@acme.example from the environment"],
  [{ action: "organisation_created", targetEmail: null, organisationId: "org-new", detail: "Acme Export" }, "created the organisation Acme Export"],
  [{ action: "member_added", organisationId: "org-finance", detail: "as member" }, "added hank.hill@acme.example to Acme Finance as Member"],
  [
    { action: "member_level_changed", organisationId: "org-finance", detail: "member → administrator" },
    "changed the level of hank.hill@acme.example in Acme Finance: Member → Organisation administrator",
  ],
  [{ action: "member_removed", organisationId: "org-gone", detail: "was member" }, "removed hank.hill@acme.example from an organisation"],
  [{ action: "user_blocked", detail: "by mistake" }, "blocked hank.hill@acme.example (by mistake)"],
  [{ action: "something_new", detail: "x" }, "something new hank.hill@acme.example (x)"],
])("%o reads as “%s”", (partial, sentence) => {
  expect(describeEvent(en(), { ...base, ...partial }, names)).toBe(sentence);
});

test("Dutch sentences translate the roles and levels too", () => {
  expect(describeEvent(nl(), { ...base, action: "role_changed", detail: "basic → administrator" }, names)).toBe(
    "wijzigde de rol van hank.hill@acme.example: Basisgebruiker → Beheerder",
  );
  expect(describeEvent(nl(), { ...base, action: "member_added", organisationId: "org-finance", detail: "as administrator" }, names)).toBe(
    "voegde hank.hill@acme.example toe aan Acme Finance als Organisatiebeheerder",
  );
});

test("every action code has an English and a Dutch name", () => {
  for (const action of ACTIONS) {
    expect(actionName(en(), action)).not.toContain("actionName");
    expect(actionName(nl(), action)).not.toBe(actionName(en(), action));
  }
});
