import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import i18n from "../../i18n";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import type { ChangeResult } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { SessionContext } from "../../app/session";
import { createFakeBackend, fakeSession, LAST_ADMINISTRATOR, type FakeBackend } from "../../test/fakeBackend";
import { UserDetailPanel } from "./UserDetailPanel";

async function renderPanel(fake: FakeBackend, userId: string, onClose = vi.fn()) {
  render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <UserDetailPanel userId={userId} onClose={onClose} />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  await screen.findByTestId("detail-role");
  return onClose;
}

function membership(organisation: string): HTMLElement {
  const row = screen.getAllByTestId("membership").find((element) => element.dataset.organisation === organisation);
  if (!row) throw new Error(`no membership row for ${organisation}`);
  return row;
}

test("the panel is named after the user and shows who they are", async () => {
  await renderPanel(createFakeBackend(), "u-iris");
  const panel = screen.getByRole("dialog", { name: "iris.ito@acme.example" });
  expect(panel).toHaveAttribute("data-testid", "user-detail");
  expect(within(panel).getByTestId("detail-status")).toHaveTextContent("Invited");
  expect(panel).toHaveTextContent("Invited by");
  expect(panel).toHaveTextContent("ada.admin@acme.example");
  expect(screen.getByTestId("no-memberships")).toHaveTextContent("In no organisation: sees no documents at all");
  expect(screen.getByTestId("detail-resend")).toBeEnabled();
  expect(screen.queryByTestId("detail-block")).not.toBeInTheDocument();
});

test("changing the role calls applyChanges with setRole and says it is saved", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-bob");
  expect(screen.getByRole("dialog", { name: "Bob Baker" })).toBeInTheDocument();
  expect(screen.getByText("Takes effect at once — the user does not need to sign in again")).toBeInTheDocument();
  expect(screen.getByTestId("detail-role-submit")).toBeDisabled();

  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Role" }), "basic");
  // Bob is a relationship manager: as a Basic user that flag would do nothing.
  expect(screen.getByTestId("detail-rm-warning")).toHaveTextContent("has no effect for Basic users");
  await userEvent.click(screen.getByTestId("detail-role-submit"));

  expect(fake.applied).toEqual([{ kind: "setRole", userId: "u-bob", role: "basic" }]);
  expect(await screen.findByTestId("detail-message")).toHaveTextContent("Saved: role set to Basic user.");
  expect(screen.getByTestId("detail-message")).toHaveAttribute("role", "status");
  expect(fake.users.find((u) => u.id === "u-bob")?.role).toBe("basic");
});

test("a change queued offline or refused says so", async () => {
  let outcome: ChangeResult = { outcome: "queued", reason: null, code: null };
  const fake = createFakeBackend({ applyChanges: async () => [outcome] });
  await renderPanel(fake, "u-carol");
  await userEvent.click(screen.getByTestId("detail-block"));
  expect(await screen.findByText("Queued: blocked — will be sent when the connection is back.")).toHaveAttribute("data-outcome", "queued");

  outcome = { outcome: "refused", reason: "you may no longer change users", code: "forbidden" };
  await userEvent.click(screen.getByTestId("detail-rm"));
  expect(await screen.findByTestId("detail-message")).toHaveTextContent(
    "Refused: relationship manager on — You may not do this: only administrators (or this organisation's administrators) may.",
  );

  // A code this UI does not know: the Rust side's reason is all there is.
  outcome = { outcome: "refused", reason: "the moon is in the wrong phase", code: "lunar_eclipse" };
  await userEvent.click(screen.getByTestId("detail-rm"));
  expect(await screen.findByText("Refused: relationship manager on — the moon is in the wrong phase")).toBeInTheDocument();
});

test("the last administrator cannot be demoted, blocked, removed or offboarded, and the panel says why", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-ada");
  expect(screen.getByTestId("last-admin-reason")).toHaveTextContent(
    "ada.admin@acme.example is the only administrator of this environment. Make someone else an administrator first.",
  );
  expect(screen.getByTestId("detail-role")).toBeDisabled();
  expect(screen.getByTestId("detail-role-submit")).toBeDisabled();
  expect(screen.getByTestId("detail-block")).toBeDisabled();
  expect(screen.getByTestId("detail-remove")).toBeDisabled();
  expect(screen.getByTestId("detail-offboard")).toBeDisabled();
  // Still manageable: organisation access.
  expect(await screen.findByTestId("add-membership-submit")).toBeEnabled();
  expect(fake.applied).toEqual([]);
});

test("in Dutch, demoting the last administrator is refused locally with the Dutch reason, never Rust's English one", async () => {
  await act(() => i18n.changeLanguage("nl"));
  try {
    const fake = createFakeBackend();
    const applyChanges = fake.applyChanges;
    const answers: ChangeResult[][] = [];
    fake.applyChanges = async (operation, changes) => {
      const results = await applyChanges(operation, changes);
      answers.push(results);
      return results;
    };
    // Bob is an administrator too when the panel reads Ada, so demoting her looks allowed...
    const bob = fake.users.find((u) => u.id === "u-bob");
    if (!bob) throw new Error("no Bob in the demo data");
    bob.role = "administrator";
    await renderPanel(fake, "u-ada");
    expect(screen.getByTestId("detail-role")).toBeEnabled();
    // ...but he is demoted elsewhere before she is: Ada is the last one when the change is made.
    bob.role = "basic";
    await userEvent.selectOptions(screen.getByTestId("detail-role"), "basic");
    await userEvent.click(screen.getByTestId("detail-role-submit"));

    const message = await screen.findByText(/^Geweigerd:/);
    expect(message).toHaveAttribute("data-testid", "detail-message");
    expect(message).toHaveAttribute("data-outcome", "refused");
    expect(answers).toEqual([[{ outcome: "refused", reason: LAST_ADMINISTRATOR, code: "last_administrator" }]]);
    expect(message).toHaveTextContent(
      "Geweigerd: rol gewijzigd in Basisgebruiker — Dit is de laatste beheerder van de omgeving: maak eerst iemand anders beheerder, zodat de omgeving nooit zonder beheerder is.",
    );
    expect(message).not.toHaveTextContent(LAST_ADMINISTRATOR);
    expect(document.body).not.toHaveTextContent("last administrator");
    expect(fake.users.find((u) => u.id === "u-ada")?.role).toBe("administrator");
  } finally {
    cleanup();
    await act(() => i18n.changeLanguage("en"));
  }
});

test("a second administrator can be demoted", async () => {
  const fake = createFakeBackend();
  const bob = fake.users.find((u) => u.id === "u-bob");
  if (bob) bob.role = "administrator";
  await renderPanel(fake, "u-ada");
  expect(screen.queryByTestId("last-admin-reason")).not.toBeInTheDocument();
  expect(screen.getByTestId("detail-role")).toBeEnabled();
  expect(screen.getByTestId("detail-block")).toBeEnabled();
});

test("changing a membership level and adding a membership apply setMember", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-carol");
  expect(screen.getAllByTestId("membership")).toHaveLength(1);
  await userEvent.selectOptions(within(membership("Acme Logistics")).getByTestId("membership-level"), "administrator");
  expect(fake.applied).toEqual([{ kind: "setMember", organisationId: "org-logistics", userId: "u-carol", level: "administrator" }]);
  expect(await screen.findByText("Saved: level in Acme Logistics set to Organisation administrator.")).toBeInTheDocument();

  const addOrganisation = await screen.findByTestId("add-membership-org");
  expect(within(addOrganisation).queryByRole("option", { name: "Acme Logistics" })).not.toBeInTheDocument();
  await userEvent.selectOptions(addOrganisation, "org-retail");
  await userEvent.selectOptions(screen.getByTestId("add-membership-level"), "member");
  await userEvent.click(screen.getByTestId("add-membership-submit"));

  expect(fake.applied[1]).toEqual({ kind: "setMember", organisationId: "org-retail", userId: "u-carol", level: "member" });
  expect(await screen.findAllByTestId("membership")).toHaveLength(2);
  expect(membership("Acme Retail")).toBeInTheDocument();
});

test("removing a membership applies removeMember", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-carol");
  await userEvent.click(screen.getByRole("button", { name: "Remove from Acme Logistics" }));
  expect(fake.applied).toEqual([{ kind: "removeMember", organisationId: "org-logistics", userId: "u-carol" }]);
  expect(await screen.findByTestId("no-memberships")).toBeInTheDocument();
});

test("guided offboarding shows the steps, then sends removeMember and removeUser", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-gina");
  await userEvent.click(screen.getByTestId("detail-offboard"));
  const dialog = screen.getByTestId("offboarding");
  expect(within(dialog).getByTestId("offboarding-step-memberships")).toHaveTextContent("Acme Finance");
  expect(within(dialog).getByTestId("offboarding-step-account")).toHaveTextContent("gina.green@acme.example can no longer sign in.");
  expect(within(dialog).getByTestId("offboarding-step-administrators")).toHaveTextContent("Not an administrator");

  await userEvent.click(within(dialog).getByTestId("offboarding-confirm"));

  const results = await within(dialog).findAllByTestId("offboarding-result");
  expect(fake.applied).toEqual([
    { kind: "removeMember", organisationId: "org-finance", userId: "u-gina" },
    { kind: "removeUser", userId: "u-gina" },
  ]);
  expect(results.map((row) => row.textContent)).toEqual(["Removed from Acme Finance: Done", "Account removed: Done"]);
  await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
  expect(await screen.findByText("This user is no longer in the environment")).toBeInTheDocument();
});

test("offboarding an administrator who is not the last says how many remain", async () => {
  const fake = createFakeBackend();
  const bob = fake.users.find((u) => u.id === "u-bob");
  if (bob) bob.role = "administrator";
  await renderPanel(fake, "u-bob");
  await userEvent.click(screen.getByTestId("detail-offboard"));
  expect(await screen.findByText(/1 administrator remains\./)).toBeInTheDocument();
  expect(screen.getByTestId("offboarding-confirm")).toBeEnabled();
});

test("removing from the environment asks first, then applies removeUser", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-finn");
  await userEvent.click(screen.getByTestId("detail-remove"));
  const confirm = screen.getByRole("alertdialog", { name: "Remove finn.fox@acme.example from the environment?" });
  expect(confirm).toHaveTextContent("Their sign-in ends at once, and their organisation memberships go too.");
  expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(screen.getByTestId("user-detail")).toBeInTheDocument();
  expect(fake.applied).toEqual([]);

  await userEvent.click(screen.getByTestId("detail-remove"));
  await userEvent.click(screen.getByTestId("confirm-submit"));
  expect(fake.applied).toEqual([{ kind: "removeUser", userId: "u-finn" }]);
  expect(await screen.findByText("This user is no longer in the environment")).toBeInTheDocument();
});

test("an invitation can be resent and, after confirming, revoked", async () => {
  const fake = createFakeBackend();
  await renderPanel(fake, "u-jack");
  expect(screen.getByRole("dialog")).toHaveTextContent("Invitation expired");
  await userEvent.click(screen.getByTestId("detail-resend"));
  expect(fake.applied).toEqual([{ kind: "resendInvitation", userId: "u-jack" }]);
  expect(await screen.findByText("Saved: invitation resent.")).toBeInTheDocument();

  await userEvent.click(screen.getByTestId("detail-revoke"));
  await userEvent.click(screen.getByTestId("confirm-submit"));
  expect(fake.applied[1]).toEqual({ kind: "revokeInvitation", userId: "u-jack" });
});

test("an invitation queued offline cannot be changed yet", async () => {
  const fake = createFakeBackend();
  const userDetail = fake.userDetail;
  fake.userDetail = async (userId) => ({ ...(await userDetail(userId)), localOnly: true });
  await renderPanel(fake, "u-hank");
  expect(screen.getByTestId("detail-local-only")).toHaveTextContent("This invitation has not reached the platform yet");
  expect(screen.getByTestId("detail-resend")).toBeDisabled();
  expect(screen.getByTestId("detail-revoke")).toBeDisabled();
  expect(screen.getByTestId("detail-role")).toBeDisabled();
});

test("Escape and the Close button close the panel", async () => {
  const onClose = await renderPanel(createFakeBackend(), "u-bob");
  await userEvent.keyboard("{Escape}");
  expect(onClose).toHaveBeenCalledTimes(1);
  await userEvent.click(screen.getByRole("button", { name: "Close" }));
  expect(onClose).toHaveBeenCalledTimes(2);
});

test("for an organisation administrator the panel keeps the memberships and says who manages the rest", async () => {
  const session = { session: { ...fakeSession, role: "basic", canInvite: false, canManageUsers: false }, switchTo: vi.fn(), signOut: vi.fn() };
  render(
    <SessionContext.Provider value={session}>
      <BackendProvider backend={createFakeBackend()}>
        <BackendEventsProvider>
          <UserDetailPanel userId="u-bob" onClose={vi.fn()} />
        </BackendEventsProvider>
      </BackendProvider>
    </SessionContext.Provider>,
  );
  expect(await screen.findByTestId("detail-scope-notice")).toHaveTextContent("managed by the environment's administrators");
  expect(screen.queryByTestId("detail-role")).not.toBeInTheDocument();
  expect(screen.queryByTestId("detail-block")).not.toBeInTheDocument();
  expect(screen.queryByTestId("detail-offboard")).not.toBeInTheDocument();
  expect(screen.getAllByTestId("membership").length).toBeGreaterThan(0);
});
