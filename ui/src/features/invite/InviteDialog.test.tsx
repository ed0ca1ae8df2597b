import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import i18n from "../../i18n";

import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type InviteInput, type InviteResult } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, type FakeBackend } from "../../test/fakeBackend";
import { InviteDialog } from "./InviteDialog";

function renderDialog(fake: FakeBackend, onClose = vi.fn()) {
  render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <InviteDialog onClose={onClose} />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return onClose;
}

/** Records every invite call and still runs the fake's own behaviour. */
function recordInvites(fake: FakeBackend): InviteInput[] {
  const calls: InviteInput[] = [];
  const original = fake.invite;
  fake.invite = async (operation, input) => {
    calls.push(input);
    return original(operation, input);
  };
  return calls;
}

async function paste(text: string) {
  await userEvent.click(screen.getByTestId("invite-addresses"));
  await userEvent.paste(text);
}

function checkRow(email: string): HTMLElement {
  const row = screen.getAllByTestId("address-check").find((element) => element.dataset.email === email);
  if (!row) throw new Error(`no verdict row for ${email}`);
  return row;
}

test("the dialog is named, the address box has the focus and Basic is preselected", async () => {
  renderDialog(createFakeBackend());
  expect(await screen.findAllByTestId("invite-org")).toHaveLength(4);
  const dialog = screen.getByRole("dialog", { name: "Invite users" });
  expect(dialog).toHaveAttribute("data-testid", "invite-dialog");
  expect(screen.getByRole("textbox", { name: "Email addresses" })).toHaveFocus();
  expect(screen.getByText("One or many: paste a list from your mail program or a spreadsheet")).toBeInTheDocument();
  expect(screen.getByTestId("invite-role-basic")).toBeChecked();
  expect(screen.getByTestId("invite-role-advanced")).not.toBeChecked();
  expect(screen.getByTestId("invite-method-email")).toBeChecked();
  expect(screen.getByTestId("role-table")).toHaveTextContent("Only Administrators may invite.");
  expect(screen.getByTestId("role-table")).toHaveTextContent("partner relationships with other environments");
  expect(screen.getByTestId("invite-submit")).toBeDisabled();
});

test("a pasted list with a duplicate and a gmail address shows the verdicts and sends the rest as Basic users", async () => {
  const fake = createFakeBackend();
  const invites = recordInvites(fake);
  renderDialog(fake);
  await paste("New One <new.one@acme.example>; new.one@acme.example\nsomeone@gmail.com, bob.baker@acme.example, not-an-address");

  expect(await screen.findByTestId("address-checks")).toBeInTheDocument();
  expect(screen.getAllByTestId("address-check")).toHaveLength(5);
  expect(checkRow("someone@gmail.com")).toHaveAttribute("data-verdict", "ok");
  expect(within(checkRow("someone@gmail.com")).getByText(/free-mail address: business addresses are strongly preferred/)).toHaveAttribute(
    "data-warning",
    "freeMail",
  );
  const duplicates = screen.getAllByTestId("address-check").filter((row) => row.dataset.verdict === "duplicate");
  expect(duplicates).toHaveLength(1);
  expect(duplicates[0]).toHaveTextContent("listed twice — invited once");
  expect(checkRow("bob.baker@acme.example")).toHaveAttribute("data-verdict", "alreadyUser");
  expect(checkRow("not-an-address")).toHaveAttribute("data-verdict", "invalid");
  expect(checkRow("not-an-address")).toHaveTextContent("not a valid email address");
  expect(screen.getByTestId("address-summary")).toHaveTextContent(
    "2 to invite, 1 duplicate skipped, 1 invalid address, 1 already a user, 1 warning",
  );
  expect(screen.getByText("Users in no organisation see no documents at all")).toBeInTheDocument();

  await userEvent.click(screen.getByTestId("invite-submit"));

  const results = await screen.findAllByTestId("invite-result");
  expect(invites).toEqual([{ addresses: "new.one@acme.example\nsomeone@gmail.com", role: "basic", method: "email", organisations: [] }]);
  expect(results.map((row) => [row.dataset.email, row.dataset.outcome])).toEqual([
    ["new.one@acme.example", "done"],
    ["someone@gmail.com", "done"],
  ]);
  expect(results[0]).toHaveTextContent("Invited");
  expect(fake.users.find((u) => u.email === "someone@gmail.com")).toMatchObject({ role: "basic", status: "invited" });
  expect(screen.getByRole("button", { name: "Done" })).toHaveFocus();
});

test("an Advanced user with an organisation ends up in the invite call", async () => {
  const fake = createFakeBackend();
  const invites = recordInvites(fake);
  renderDialog(fake);
  await paste("nora.new@acme.example");
  await userEvent.click(screen.getByTestId("invite-role-advanced"));
  const logistics = (await screen.findAllByTestId("invite-org")).find((box) => box.dataset.name === "Acme Logistics");
  expect(logistics).toBeDefined();
  await userEvent.click(screen.getByRole("checkbox", { name: "Acme Logistics" }));
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Level in Acme Logistics" }), "administrator");
  expect(screen.queryByText("Users in no organisation see no documents at all")).not.toBeInTheDocument();

  await screen.findByTestId("address-check");
  await userEvent.click(screen.getByTestId("invite-submit"));

  await screen.findByTestId("invite-results");
  expect(invites).toEqual([
    {
      addresses: "nora.new@acme.example",
      role: "advanced",
      method: "email",
      organisations: [{ organisationId: "org-logistics", level: "administrator" }],
    },
  ]);
  expect(fake.users.find((u) => u.email === "nora.new@acme.example")?.memberships).toEqual([
    { organisationId: "org-logistics", level: "administrator" },
  ]);
});

test("a shared email domain refusal offers Add directly, which re-invites just that address", async () => {
  const calls: InviteInput[] = [];
  const fake = createFakeBackend({
    invite: async (_operation, input): Promise<InviteResult[]> => {
      calls.push(input);
      const emails = input.addresses.split("\n");
      return emails.map((email) =>
        email === "piet@partner.example" && input.method === "email"
          ? {
              email,
              result: {
                outcome: "refused",
                reason: "partner.example belongs to another environment: an email invitation would start a new one",
                code: "shared_email_domain",
              },
            }
          : { email, result: { outcome: "done", reason: null, code: null } },
      );
    },
  });
  renderDialog(fake);
  await paste("piet@partner.example, nora.new@acme.example");
  await screen.findAllByTestId("address-check");
  await userEvent.click(screen.getByTestId("invite-submit"));

  const refused = (await screen.findAllByTestId("invite-result")).find((row) => row.dataset.email === "piet@partner.example");
  expect(refused).toHaveAttribute("data-outcome", "refused");
  // Translated by its code, not the Rust side's English reason.
  expect(refused).toHaveTextContent("The domain of this address belongs to another eConnect environment");
  expect(refused).not.toHaveTextContent("partner.example belongs to another environment");
  expect(screen.getAllByRole("button", { name: "Add directly instead" })).toHaveLength(1);

  await userEvent.click(screen.getByRole("button", { name: "Add directly instead" }));

  expect(calls[1]).toEqual({ addresses: "piet@partner.example", role: "basic", method: "direct", organisations: [] });
  const row = screen.getAllByTestId("invite-result").find((element) => element.dataset.email === "piet@partner.example");
  expect(row).toHaveAttribute("data-outcome", "done");
  expect(row).toHaveTextContent("Added");
  expect(screen.queryByRole("button", { name: "Add directly instead" })).not.toBeInTheDocument();
});

test("an unfamiliar domain warns and switches the method to Add directly", async () => {
  renderDialog(createFakeBackend());
  await paste("someone@elsewhere.example");
  const warning = await screen.findByText(/no colleague uses this domain yet/);
  expect(warning).toHaveAttribute("data-warning", "unfamiliarDomain");
  await userEvent.click(within(warning).getByRole("button", { name: "Switch to Add directly" }));
  expect(screen.getByTestId("invite-method-direct")).toBeChecked();
});

test("an invitation queued offline says it will be sent later", async () => {
  const fake = createFakeBackend({
    invite: async (_operation, input) =>
      input.addresses.split("\n").map((email) => ({ email, result: { outcome: "queued" as const, reason: null, code: null } })),
  });
  renderDialog(fake);
  await paste("nora.new@acme.example");
  await screen.findByTestId("address-check");
  await userEvent.click(screen.getByTestId("invite-submit"));
  expect(await screen.findByTestId("invite-result")).toHaveTextContent("Queued: will be sent when the connection is back");
});

test("a failed invitation keeps the form and says why", async () => {
  const fake = createFakeBackend({
    invite: async () => {
      throw new BackendError({ code: "unreachable", message: "the platform cannot be reached (connection refused)" });
    },
  });
  renderDialog(fake);
  await paste("nora.new@acme.example");
  await screen.findByTestId("address-check");
  await userEvent.click(screen.getByTestId("invite-submit"));
  expect(await screen.findByRole("alert")).toHaveTextContent("Nothing was sent. The platform cannot be reached: check the connection and try again.");
  expect(screen.getByTestId("invite-addresses")).toHaveValue("nora.new@acme.example");
});

test("Escape and Cancel close the dialog", async () => {
  const onClose = renderDialog(createFakeBackend());
  await userEvent.keyboard("{Escape}");
  expect(onClose).toHaveBeenCalledTimes(1);
  await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
  expect(onClose).toHaveBeenCalledTimes(2);
});

test("closing gives the focus back to the button that opened the dialog", async () => {
  function Opener() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          New invitation
        </button>
        {open && <InviteDialog onClose={() => setOpen(false)} />}
      </>
    );
  }
  render(
    <BackendProvider backend={createFakeBackend()}>
      <BackendEventsProvider>
        <Opener />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  await userEvent.click(screen.getByRole("button", { name: "New invitation" }));
  await screen.findAllByTestId("invite-org");
  expect(screen.getByTestId("invite-addresses")).toHaveFocus();
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByTestId("invite-dialog")).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "New invitation" })).toHaveFocus();
});

test("the dialog speaks Dutch", async () => {
  await i18n.changeLanguage("nl");
  try {
    renderDialog(createFakeBackend());
    await screen.findAllByTestId("invite-org");
    expect(screen.getByRole("dialog", { name: "Gebruikers uitnodigen" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "E-mailadressen" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Uitnodigen" })).toBeDisabled();
    expect(screen.getByTestId("invite-role-basic").closest("label")).toHaveTextContent("Basisgebruiker");
  } finally {
    cleanup();
    await i18n.changeLanguage("en");
  }
});

test("with the same access as a colleague: their role and organisations at their levels, shown and editable, then sent", async () => {
  const fake = createFakeBackend();
  const invites = recordInvites(fake);
  renderDialog(fake);
  await paste("nora.new@acme.example");
  // Ada is Administrator, and administrator of Acme Finance.
  await userEvent.type(screen.getByTestId("invite-like-email"), "ada.admin@acme.example");
  await userEvent.click(screen.getByTestId("invite-like-copy"));
  expect(await screen.findByText(/Copied from ada\.admin@acme\.example: Administrator and 1 organisation/)).toBeInTheDocument();
  expect(screen.getByTestId("invite-role-administrator")).toBeChecked();
  expect(await screen.findByRole("checkbox", { name: "Acme Finance" })).toBeChecked();
  expect(screen.getByRole("combobox", { name: "Level in Acme Finance" })).toHaveValue("administrator");
  // Editable before sending: a lower role and level.
  await userEvent.click(screen.getByTestId("invite-role-advanced"));
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Level in Acme Finance" }), "member");

  await screen.findByTestId("address-check");
  await userEvent.click(screen.getByTestId("invite-submit"));
  await screen.findByTestId("invite-results");
  expect(invites).toEqual([
    { addresses: "nora.new@acme.example", role: "advanced", method: "email", organisations: [{ organisationId: "org-finance", level: "member" }] },
  ]);
});

test("copying the access of someone who is not a colleague says so and changes nothing", async () => {
  renderDialog(createFakeBackend());
  await userEvent.type(screen.getByTestId("invite-like-email"), "nobody@elsewhere.example{Enter}");
  expect(await screen.findByText(/nobody with the address nobody@elsewhere\.example/)).toBeInTheDocument();
  expect(screen.getByTestId("invite-role-basic")).toBeChecked();
  expect(screen.getByTestId("invite-no-organisation")).toBeInTheDocument();
});
