import type { AddressCheck, InviteResult } from "../../lib/ipc/backend";
import { canSend, grantsOf, initialInviteState, inviteFlow, needsCheck, type InviteAction, type InviteState } from "./inviteFlow";

const ok = (email: string): AddressCheck => ({ input: email, email, problem: null, problemDetail: null, warnings: [] });
const invalid = (input: string): AddressCheck => ({ input, email: null, problem: "invalid", problemDetail: `${input} is not valid`, warnings: [] });

function run(...actions: InviteAction[]): InviteState {
  return actions.reduce(inviteFlow, initialInviteState);
}

test("typing, checking and the verdicts: edit → checking → review", () => {
  const typed = run({ type: "typed", text: "a@acme.example" });
  expect(typed.phase).toBe("edit");
  expect(needsCheck(typed)).toBe(true);
  expect(canSend(typed)).toBe(false);

  const checking = inviteFlow(typed, { type: "checkStarted", text: "a@acme.example" });
  expect(checking.phase).toBe("checking");
  expect(needsCheck(checking)).toBe(false);

  const review = inviteFlow(checking, { type: "checked", text: "a@acme.example", checks: [ok("a@acme.example")] });
  expect(review.phase).toBe("review");
  expect(canSend(review)).toBe(true);
});

test("verdicts for text that is no longer in the box are dropped", () => {
  const state = run(
    { type: "typed", text: "a@acme.example" },
    { type: "checkStarted", text: "a@acme.example" },
    { type: "typed", text: "a@acme.example, b@acme.example" },
    { type: "checked", text: "a@acme.example", checks: [ok("a@acme.example")] },
  );
  expect(state.phase).toBe("edit");
  expect(state.checks).toEqual([]);
  expect(needsCheck(state)).toBe(true);
});

test("typing after the verdicts goes back to edit, and back to review for the checked text", () => {
  const review = run({ type: "typed", text: "a@acme.example" }, { type: "checked", text: "a@acme.example", checks: [ok("a@acme.example")] });
  const edited = inviteFlow(review, { type: "typed", text: "a@acme.example, x" });
  expect(edited.phase).toBe("edit");
  // The old verdicts stay shown until the new ones come.
  expect(edited.checks).toHaveLength(1);
  expect(inviteFlow(edited, { type: "typed", text: "a@acme.example" }).phase).toBe("review");
  const emptied = inviteFlow(edited, { type: "typed", text: "  " });
  expect(emptied).toMatchObject({ phase: "edit", checks: [] });
  expect(needsCheck(emptied)).toBe(false);
});

test("a failed live check is not tried again until the text changes", () => {
  const failed = run({ type: "typed", text: "a@acme.example" }, { type: "checkStarted", text: "a@acme.example" }, { type: "checkFailed", text: "a@acme.example", error: "busy" });
  expect(failed).toMatchObject({ phase: "edit", checkError: "busy" });
  expect(needsCheck(failed)).toBe(false);
  expect(needsCheck(inviteFlow(failed, { type: "typed", text: "b@acme.example" }))).toBe(true);
});

test("nothing acceptable to send is said, and the form stays", () => {
  const state = run(
    { type: "typed", text: "nope" },
    { type: "checked", text: "nope", checks: [invalid("nope")] },
    { type: "notSent", problem: { kind: "nothingToSend" } },
  );
  expect(canSend(state)).toBe(false);
  expect(state).toMatchObject({ phase: "review", problem: { kind: "nothingToSend" } });
});

test("sending locks the form, then shows one row per address; Add directly updates its row", () => {
  const review = run(
    { type: "typed", text: "a@acme.example\npiet@partner.example" },
    { type: "checked", text: "a@acme.example\npiet@partner.example", checks: [ok("a@acme.example"), ok("piet@partner.example")] },
    { type: "pickedOrganisation", organisationId: "org-finance", picked: true },
    { type: "choseLevel", organisationId: "org-finance", level: "administrator" },
  );
  expect(grantsOf(review)).toEqual([{ organisationId: "org-finance", level: "administrator" }]);

  const sending = inviteFlow(review, { type: "sendStarted", operation: "invite-1" });
  expect(sending).toMatchObject({ phase: "sending", operation: "invite-1" });
  expect(canSend(sending)).toBe(false);
  // Locked: choices and typing wait.
  expect(inviteFlow(sending, { type: "choseRole", role: "administrator" }).role).toBe("basic");
  expect(inviteFlow(sending, { type: "typed", text: "" }).text).toBe(review.text);

  const results: InviteResult[] = [
    { email: "a@acme.example", result: { outcome: "done", reason: null, code: null } },
    { email: "piet@partner.example", result: { outcome: "refused", reason: "shared", code: "shared_email_domain" } },
  ];
  const done = inviteFlow(sending, { type: "sent", results });
  expect(done.phase).toBe("results");
  expect(done.rows.map((row) => [row.email, row.result.outcome, row.method])).toEqual([
    ["a@acme.example", "done", "email"],
    ["piet@partner.example", "refused", "email"],
  ]);

  const adding = inviteFlow(done, { type: "directStarted", email: "piet@partner.example" });
  expect(adding.rows[1]?.busy).toBe(true);
  const added = inviteFlow(adding, { type: "directDone", email: "piet@partner.example", result: { outcome: "done", reason: null, code: null } });
  expect(added.rows[1]).toMatchObject({ busy: false, method: "direct", result: { outcome: "done" } });
  const failed = inviteFlow(adding, { type: "directFailed", email: "piet@partner.example", error: "offline" });
  expect(failed.rows[1]).toMatchObject({ busy: false, error: "offline", result: { outcome: "refused" } });
});

test("a failed send goes back to the form with the reason", () => {
  const state = run(
    { type: "typed", text: "a@acme.example" },
    { type: "checked", text: "a@acme.example", checks: [ok("a@acme.example")] },
    { type: "sendStarted", operation: "invite-1" },
    { type: "notSent", problem: { kind: "sendFailed", error: "unreachable" } },
  );
  expect(state).toMatchObject({ phase: "review", operation: null, problem: { kind: "sendFailed", error: "unreachable" } });
  expect(canSend(state)).toBe(true);
});

test("with the same access as a colleague: their role and organisations at their levels, each still editable", () => {
  const copied = run(
    { type: "typed", text: "new@acme.example" },
    { type: "pickedOrganisation", organisationId: "org-old", picked: true },
    {
      type: "copiedAccess",
      access: {
        email: "bob.baker@acme.example",
        name: "Bob Baker",
        role: "advanced",
        organisations: [
          { organisationId: "org-finance", level: "administrator" },
          { organisationId: "org-retail", level: "member" },
        ],
      },
    },
  );
  expect(copied.role).toBe("advanced");
  expect(copied.copiedFrom?.email).toBe("bob.baker@acme.example");
  expect(grantsOf(copied)).toEqual([
    { organisationId: "org-finance", level: "administrator" },
    { organisationId: "org-retail", level: "member" },
  ]);
  const edited = [
    { type: "choseLevel", organisationId: "org-retail", level: "administrator" },
    { type: "pickedOrganisation", organisationId: "org-finance", picked: false },
    { type: "choseRole", role: "basic" },
  ].reduce((state, action) => inviteFlow(state, action as InviteAction), copied);
  expect(edited.role).toBe("basic");
  expect(grantsOf(edited)).toEqual([{ organisationId: "org-retail", level: "administrator" }]);
});
