import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { NavigationContext, type Route } from "../../app/navigation";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type Backend } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend } from "../../test/fakeBackend";
import { OrganisationsScreen } from "./OrganisationsScreen";

function renderScreen(backend: Backend, organisationId?: string) {
  const routes: Route[] = [];
  const navigation = { route: { screen: "organisations" as const, organisationId }, navigate: (route: Route) => void routes.push(route) };
  render(
    <BackendProvider backend={backend}>
      <BackendEventsProvider>
        <NavigationContext.Provider value={navigation}>
          <OrganisationsScreen organisationId={organisationId} />
        </NavigationContext.Provider>
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return routes;
}

const row = async (name: string) => {
  await screen.findAllByTestId("organisation-row");
  const found = screen.getAllByTestId("organisation-row").find((r) => r.dataset.name === name);
  if (!found) throw new Error(`no organisation row for ${name}`);
  return found;
};
const memberRow = async (email: string) => {
  await screen.findAllByTestId("member-row");
  const found = screen.getAllByTestId("member-row").find((r) => r.dataset.email === email);
  if (!found) throw new Error(`no member row for ${email}`);
  return found;
};

test("the list shows each organisation with its member and administrator counts", async () => {
  renderScreen(createFakeBackend());
  expect(screen.getByRole("heading", { level: 1, name: "Organisations" })).toBeInTheDocument();
  const finance = await row("Acme Finance");
  expect(finance).toHaveAttribute("data-testid", "organisation-row");
  expect(finance).toHaveAttribute("data-name", "Acme Finance");
  // Ada (administrator), Bob and Gina (members).
  expect(finance).toHaveTextContent("3 members");
  expect(finance).toHaveTextContent("1 organisation administrator");
  expect(await row("Acme Services")).toHaveTextContent("1 member · 0 organisation administrators");
  expect(screen.getAllByTestId("organisation-row")).toHaveLength(4);
});

test("the search box filters the organisations by name", async () => {
  renderScreen(createFakeBackend());
  await row("Acme Finance");
  await userEvent.type(screen.getByRole("searchbox", { name: "Find an organisation" }), "retail");
  expect(screen.getAllByTestId("organisation-row").map((r) => r.dataset.name)).toEqual(["Acme Retail"]);
  await userEvent.clear(screen.getByRole("searchbox"));
  await userEvent.type(screen.getByRole("searchbox"), "nowhere");
  expect(screen.queryAllByTestId("organisation-row")).toHaveLength(0);
  expect(screen.getByText("No organisation matches “nowhere”.")).toBeInTheDocument();
});

test("selecting an organisation marks it and lists its members", async () => {
  const backend = createFakeBackend();
  const routes = renderScreen(backend);
  expect(await screen.findByText("Choose an organisation to see and manage its members.")).toBeInTheDocument();
  await userEvent.click(await row("Acme Finance"));
  expect(await row("Acme Finance")).toHaveAttribute("aria-current", "true");
  expect(await row("Acme Logistics")).not.toHaveAttribute("aria-current");
  await waitFor(() => expect(screen.getAllByTestId("member-row")).toHaveLength(3));
  expect(screen.getAllByTestId("member-row").map((r) => r.dataset.email)).toEqual([
    "ada.admin@acme.example",
    "bob.baker@acme.example",
    "gina.green@acme.example",
  ]);
  const ada = await memberRow("ada.admin@acme.example");
  expect(ada).toHaveTextContent("Ada Admin");
  expect(ada).toHaveTextContent("Administrator");
  expect(ada).toHaveTextContent("Active");
  expect(within(ada).getByTestId("member-level")).toHaveValue("administrator");
  expect(routes).toContainEqual({ screen: "organisations", organisationId: "org-finance" });
});

test("the organisationId prop opens that organisation; its members can be shown in Users", async () => {
  const routes = renderScreen(createFakeBackend(), "org-retail");
  expect(await memberRow("dan.dekker@acme.example")).toBeInTheDocument();
  expect(await memberRow("kim.kok@acme.example")).toHaveTextContent("Blocked");
  await userEvent.click(screen.getByRole("button", { name: "Show these members in Users" }));
  expect(routes).toContainEqual({ screen: "users", filter: { organisationId: "org-retail" } });
});

test("changing a level applies setMember and says it is done", async () => {
  const backend = createFakeBackend();
  renderScreen(backend, "org-finance");
  const bob = await memberRow("bob.baker@acme.example");
  await userEvent.selectOptions(within(bob).getByRole("combobox", { name: /Level of bob.baker/ }), "Organisation administrator");
  await waitFor(() =>
    expect(backend.applied).toEqual([{ kind: "setMember", organisationId: "org-finance", userId: "u-bob", level: "administrator" }]),
  );
  expect(await screen.findByTestId("organisation-message")).toHaveTextContent(
    "bob.baker@acme.example is now Organisation administrator of Acme Finance.",
  );
  // Re-read from the cache: the count in the list follows.
  await waitFor(async () => expect(await row("Acme Finance")).toHaveTextContent("2 organisation administrators"));
});

test("a change queued offline is reported honestly, a refusal with its reason", async () => {
  let outcome: "queued" | "refused" = "queued";
  const backend = createFakeBackend({
    applyChanges: async () => [{ outcome, reason: outcome === "refused" ? "you may not manage this organisation" : null, code: null }],
  });
  renderScreen(backend, "org-finance");
  const gina = await memberRow("gina.green@acme.example");
  await userEvent.selectOptions(within(gina).getByTestId("member-level"), "administrator");
  expect(await screen.findByTestId("organisation-message")).toHaveTextContent("will be sent when the connection is back");
  expect(screen.getByTestId("organisation-message")).toHaveAttribute("data-outcome", "queued");

  outcome = "refused";
  await userEvent.selectOptions(within(gina).getByTestId("member-level"), "member");
  await waitFor(() => expect(screen.getByTestId("organisation-message")).toHaveAttribute("data-outcome", "refused"));
  expect(screen.getByTestId("organisation-message")).toHaveTextContent("you may not manage this organisation");
});

test("removing a member asks first, says the account stays, and applies removeMember", async () => {
  const backend = createFakeBackend();
  renderScreen(backend, "org-finance");
  const gina = await memberRow("gina.green@acme.example");
  await userEvent.click(within(gina).getByRole("button", { name: "Remove gina.green@acme.example from Acme Finance" }));
  const dialog = screen.getByRole("alertdialog", { name: "Remove gina.green@acme.example from Acme Finance?" });
  expect(dialog).toHaveTextContent("keeps their account");
  await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(backend.applied).toEqual([]);

  await userEvent.click(within(gina).getByTestId("member-remove"));
  await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Remove from organisation" }));
  await waitFor(() => expect(backend.applied).toEqual([{ kind: "removeMember", organisationId: "org-finance", userId: "u-gina" }]));
  expect(await screen.findByTestId("organisation-message")).toHaveTextContent("their account stays");
  await waitFor(() => expect(screen.getAllByTestId("member-row")).toHaveLength(2));
});

test("a colleague is added through the suggestion list, by mouse", async () => {
  const backend = createFakeBackend();
  const searches: unknown[] = [];
  const searchUsers = backend.searchUsers;
  backend.searchUsers = (query) => (searches.push(query), searchUsers(query));
  renderScreen(backend, "org-services");
  await memberRow("eve.evers@acme.example");
  await userEvent.type(screen.getByRole("combobox", { name: "Add a colleague" }), "finn");
  const option = await screen.findByRole("option", { name: /Finn Fox/ });
  expect(option).toHaveAttribute("data-testid", "add-member-option");
  expect(option).toHaveAttribute("data-email", "finn.fox@acme.example");
  expect(searches).toContainEqual({ text: "finn", limit: 8 });
  await userEvent.click(option);
  expect(screen.getByTestId("add-member-user")).toHaveValue("finn.fox@acme.example");
  await userEvent.selectOptions(screen.getByTestId("add-member-level"), "Organisation administrator");
  await userEvent.click(screen.getByTestId("add-member-submit"));
  await waitFor(() =>
    expect(backend.applied).toEqual([{ kind: "setMember", organisationId: "org-services", userId: "u-finn", level: "administrator" }]),
  );
  expect(await screen.findByTestId("organisation-message")).toHaveTextContent("finn.fox@acme.example is now a member of Acme Services");
  expect(await memberRow("finn.fox@acme.example")).toBeInTheDocument();
  expect(screen.getByTestId("add-member-user")).toHaveValue("");
});

test("the suggestion list works with the keyboard and skips people already in", async () => {
  const backend = createFakeBackend();
  renderScreen(backend, "org-finance");
  await memberRow("ada.admin@acme.example");
  const input = screen.getByRole("combobox", { name: "Add a colleague" });
  await userEvent.type(input, "acme");
  const listbox = await screen.findByRole("listbox");
  expect(input).toHaveAttribute("aria-expanded", "true");
  expect(within(listbox).getAllByRole("option")).toHaveLength(8);
  // Ada is first by name and already a member: the first arrow goes past her.
  expect(within(listbox).getAllByRole("option")[0]).toHaveAttribute("aria-disabled", "true");
  expect(within(listbox).getAllByRole("option")[0]).toHaveTextContent("already a member");
  await userEvent.keyboard("{ArrowDown}");
  const active = within(listbox).getByRole("option", { selected: true });
  expect(input).toHaveAttribute("aria-activedescendant", active.id);
  expect(active.dataset.email).not.toBe("ada.admin@acme.example");
  await userEvent.keyboard("{Enter}");
  expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  expect(input).toHaveValue(active.dataset.email);
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(backend.applied).toHaveLength(1));
  expect(backend.applied[0]).toMatchObject({ kind: "setMember", organisationId: "org-finance", level: "member" });
});

test("Add without picking a suggestion explains what to do and changes nothing", async () => {
  const backend = createFakeBackend();
  renderScreen(backend, "org-finance");
  await memberRow("ada.admin@acme.example");
  await userEvent.type(screen.getByTestId("add-member-user"), "zzz");
  expect(await screen.findByText(/No colleague matches “zzz”/)).toBeInTheDocument();
  await userEvent.click(screen.getByTestId("add-member-submit"));
  expect(screen.getByRole("alert")).toHaveTextContent("Choose a colleague from the suggestions.");
  expect(backend.applied).toEqual([]);
});

test("an environment without organisations says so", async () => {
  renderScreen(createFakeBackend({ organisations: async () => [] }));
  expect(await screen.findByText("There are no organisations in this environment yet.")).toBeInTheDocument();
  expect(screen.queryByTestId("organisation-row")).not.toBeInTheDocument();
});

test("an organisation without members invites to add a colleague", async () => {
  const backend = createFakeBackend();
  backend.users = backend.users.map((u) => ({ ...u, memberships: u.memberships.filter((m) => m.organisationId !== "org-logistics") }));
  renderScreen(backend, "org-logistics");
  expect(await screen.findByText("No members yet — add a colleague.")).toBeInTheDocument();
});

test("a failure to read says why and offers to try again", async () => {
  let fail = true;
  const backend = createFakeBackend();
  const organisations = backend.organisations;
  backend.organisations = async () => {
    if (fail) throw new BackendError({ code: "internal", message: "the cache is locked" });
    return organisations();
  };
  renderScreen(backend);
  expect(await screen.findByRole("alert")).toHaveTextContent("the cache is locked");
  fail = false;
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await row("Acme Finance")).toBeInTheDocument();
});
