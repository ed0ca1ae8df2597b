import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useMemo, useState } from "react";

import { NavigationContext, type Route } from "../../app/navigation";
import { SessionContext } from "../../app/session";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type UserQuery, type UserRow } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, fakeSession, type FakeBackend } from "../../test/fakeBackend";
import { PAGE_SIZE } from "./query";
import { UsersScreen } from "./UsersScreen";

// The dialog and the panel are other features; here only that the overview opens them.
vi.mock("../invite/InviteDialog", () => ({
  InviteDialog: ({ onClose }: { onClose: () => void }) => (
    <div role="dialog" aria-label="Invite dialog">
      <button onClick={onClose}>Close invite</button>
    </div>
  ),
}));
vi.mock("../userDetail/UserDetailPanel", () => ({
  UserDetailPanel: ({ userId, onClose }: { userId: string; onClose: () => void }) => (
    <div role="dialog" aria-label="User detail" data-user-id={userId}>
      <button onClick={onClose}>Close detail</button>
    </div>
  ),
}));

type UsersRoute = Extract<Route, { screen: "users" }>;

function renderUsers(fake: FakeBackend = createFakeBackend(), initial: UsersRoute = { screen: "users" }, signedIn = fakeSession) {
  const control: { navigate: (route: Route) => void; route: Route } = { navigate: () => undefined, route: initial };
  function Harness() {
    const [route, setRoute] = useState<Route>(initial);
    const navigation = useMemo(() => ({ route, navigate: setRoute }), [route]);
    control.navigate = setRoute;
    control.route = route;
    return <NavigationContext.Provider value={navigation}>{route.screen === "users" && <UsersScreen route={route} />}</NavigationContext.Provider>;
  }
  const session = { session: signedIn, switchTo: async () => undefined, signOut: async () => undefined };
  render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <SessionContext.Provider value={session}>
          <Harness />
        </SessionContext.Provider>
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return { fake, control };
}

const emails = () => screen.queryAllByTestId("user-row").map((row) => row.getAttribute("data-email"));

async function rowsShown(n: number) {
  await waitFor(() => expect(screen.queryAllByTestId("user-row")).toHaveLength(n));
}

function rowOf(email: string): HTMLElement {
  const row = screen.getAllByTestId("user-row").find((candidate) => candidate.getAttribute("data-email") === email);
  if (!row) throw new Error(`no row for ${email}`);
  return row;
}

test("shows the counts per status and every user with status and invitation details", async () => {
  renderUsers();
  expect(screen.getByRole("heading", { level: 1, name: "Users" })).toBeInTheDocument();
  expect(await screen.findByTestId("count-all")).toHaveTextContent("11 users");
  expect(screen.getByTestId("count-active")).toHaveTextContent("7 active");
  expect(screen.getByTestId("count-invited")).toHaveTextContent("3 invited");
  expect(screen.getByTestId("count-blocked")).toHaveTextContent("1 blocked");
  expect(screen.getByTestId("count-expired")).toHaveTextContent("1 expired");
  expect(screen.getByTestId("count-all")).toHaveAttribute("aria-pressed", "true");
  await rowsShown(11);
  expect(screen.getByTestId("result-count")).toHaveTextContent("11 of 11 users");
  expect(screen.getByRole("table", { name: "Users" })).toHaveAttribute("aria-rowcount", "12");

  const jack = rowOf("jack.jones@acme.example");
  expect(within(jack).getByTestId("status-badge")).toHaveClass("badge", "badge-expired");
  expect(within(jack).getByTestId("status-badge")).toHaveTextContent("Expired");
  expect(jack).toHaveTextContent(/Invited by ada\.admin@acme\.example/);
  expect(jack).toHaveTextContent(/Expired on/);
  expect(within(rowOf("hank.hill@acme.example")).getByTestId("status-badge")).toHaveClass("badge-invited");
  expect(rowOf("hank.hill@acme.example")).toHaveTextContent(/Expires on/);
  expect(rowOf("finn.fox@acme.example")).toHaveTextContent("none — sees no documents");
  expect(rowOf("dan.dekker@acme.example")).toHaveTextContent("no effect for Basic users");
  expect(rowOf("bob.baker@acme.example")).not.toHaveTextContent("no effect");
});

test("a changed user waiting to be sent is marked", async () => {
  const fake = createFakeBackend();
  fake.users = fake.users.map((u) => (u.id === "u-carol" ? { ...u, pending: true } : u));
  renderUsers(fake);
  await rowsShown(11);
  expect(screen.getAllByTestId("pending-marker")).toHaveLength(1);
  expect(within(rowOf("carol.clark@acme.example")).getByTestId("pending-marker")).toHaveTextContent("waiting to be sent");
});

test("search narrows the rows with every keystroke", async () => {
  const { fake } = renderUsers();
  const search = vi.spyOn(fake, "searchUsers");
  await rowsShown(11);
  await userEvent.type(screen.getByRole("searchbox", { name: "Search users" }), "bob");
  await waitFor(() => expect(emails()).toEqual(["bob.baker@acme.example"]));
  expect(screen.getByTestId("result-count")).toHaveTextContent("1 of 11 users");
  const texts = search.mock.calls.map(([query]) => query.text);
  expect(texts).toEqual(expect.arrayContaining(["b", "bo", "bob"]));
});

test("an older search reply that arrives late never replaces a newer one", async () => {
  const fake = createFakeBackend();
  const search = fake.searchUsers;
  let releaseSlow: () => void = () => undefined;
  let frozen = false;
  fake.searchUsers = (query: UserQuery) => {
    if (frozen) return new Promise(() => undefined); // no second chance to repair the rows
    return query.text === "a" ? new Promise((resolve) => (releaseSlow = () => resolve(search(query)))) : search(query);
  };
  renderUsers(fake);
  await rowsShown(11);
  await userEvent.type(screen.getByTestId("user-search"), "ad");
  await waitFor(() => expect(emails()).toEqual(["ada.admin@acme.example"]));
  frozen = true;
  await act(async () => releaseSlow());
  expect(emails()).toEqual(["ada.admin@acme.example"]);
  expect(screen.getByTestId("result-count")).toHaveTextContent("1 of 11 users");
});

test("clicking a count chip filters by that status", async () => {
  renderUsers();
  await rowsShown(11);
  await userEvent.click(screen.getByTestId("count-blocked"));
  await waitFor(() => expect(emails()).toEqual(["kim.kok@acme.example"]));
  expect(screen.getByTestId("count-blocked")).toHaveAttribute("aria-pressed", "true");
  expect(screen.getByTestId("count-all")).toHaveAttribute("aria-pressed", "false");
  expect(screen.getByTestId("filter-status")).toHaveValue("blocked");
  await userEvent.click(screen.getByTestId("count-expired"));
  await waitFor(() => expect(emails()).toEqual(["jack.jones@acme.example"]));
  expect(screen.getByTestId("filter-expired")).toBeChecked();
});

test("a filter from the route (Insights) applies, and a new one replaces it", async () => {
  const { control } = renderUsers(createFakeBackend(), { screen: "users", filter: { noOrganisation: true } });
  await waitFor(() =>
    expect(emails()).toEqual(["finn.fox@acme.example", "hank.hill@acme.example", "iris.ito@acme.example", "jack.jones@acme.example"]),
  );
  expect(screen.getByTestId("filter-no-organisation")).toBeChecked();
  act(() => control.navigate({ screen: "users", filter: { organisationId: "org-finance", role: "basic" } }));
  await waitFor(() => expect(emails()).toEqual(["gina.green@acme.example"]));
  expect(screen.getByTestId("filter-no-organisation")).not.toBeChecked();
  expect(screen.getByTestId("filter-role")).toHaveValue("basic");
  await waitFor(() => expect(screen.getByTestId("filter-organisation")).toHaveDisplayValue("Acme Finance"));
  await userEvent.click(screen.getByTestId("clear-filters"));
  await rowsShown(11);
});

test("the flags open under More filters, and Escape closes them and gives the focus back", async () => {
  renderUsers();
  await rowsShown(11);
  const more = screen.getByTestId("more-filters");
  expect(more).toHaveAttribute("aria-expanded", "false");
  expect(screen.getByTestId("filter-no-organisation")).not.toBeVisible();
  await userEvent.click(more);
  expect(more).toHaveAttribute("aria-expanded", "true");
  await userEvent.click(screen.getByTestId("filter-no-organisation"));
  await waitFor(() => expect(emails()).toHaveLength(4));
  expect(more).toHaveTextContent("More filters (1)");
  await userEvent.keyboard("{Escape}");
  expect(more).toHaveAttribute("aria-expanded", "false");
  expect(more).toHaveFocus();
  expect(screen.getByTestId("filter-no-organisation")).not.toBeVisible();
});

test("every active filter is a chip that removes it; Clear filters removes them all", async () => {
  renderUsers(createFakeBackend(), { screen: "users", filter: { text: "a", role: "basic", organisationId: "org-finance", noOrganisation: true } });
  const chips = await screen.findByTestId("active-filters");
  await waitFor(() => expect(screen.getByTestId("filter-chip-organisation")).toHaveTextContent("Organisation: Acme Finance"));
  expect(chips).toHaveTextContent("“a”");
  expect(screen.getByTestId("filter-chip-role")).toHaveTextContent("Role: Basic user");
  expect(screen.getByTestId("filter-chip-noOrganisation")).toHaveAccessibleName("Remove the filter No organisation");
  await userEvent.click(screen.getByTestId("filter-chip-role"));
  expect(screen.getByTestId("filter-role")).toHaveValue("");
  expect(screen.queryByTestId("filter-chip-role")).toBeNull();
  expect(screen.getByTestId("filter-chip-text")).toBeInTheDocument();
  await userEvent.click(screen.getByTestId("clear-filters"));
  await rowsShown(11);
  expect(screen.queryByTestId("active-filters")).toBeNull();
});

test("sorting by a column asks Rust for that order, and again for the reverse", async () => {
  const { fake } = renderUsers();
  const search = vi.spyOn(fake, "searchUsers");
  await rowsShown(11);
  await userEvent.click(screen.getByRole("button", { name: "Email" }));
  await waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "email", descending: false, offset: 0, limit: PAGE_SIZE })));
  expect(screen.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "ascending");
  await userEvent.click(screen.getByRole("button", { name: /Email/ }));
  await waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "email", descending: true })));
  await waitFor(() => expect(emails()[0]).toBe("kim.kok@acme.example"));
  expect(screen.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "descending");
  expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "none");
});

test("with 100,000 users only a window of rows is fetched and rendered", async () => {
  const fake = createFakeBackend({
    searchUsers: async (query) => {
      const offset = query.offset ?? 0;
      const limit = Math.min(query.limit ?? 100, 100_000 - offset);
      const rows = Array.from({ length: limit }, (_, i): UserRow => ({
        ...fakeRow,
        id: `u-${offset + i}`,
        email: `user${offset + i}@big.example`,
      }));
      return { total: 100_000, offset, rows };
    },
  });
  const search = vi.spyOn(fake, "searchUsers");
  renderUsers(fake);
  await waitFor(() => expect(screen.getAllByTestId("user-row").length).toBeGreaterThanOrEqual(20));
  expect(screen.getAllByTestId("user-row").length).toBeLessThan(100);
  expect(screen.getByRole("table")).toHaveAttribute("aria-rowcount", "100001");
  for (const [query] of search.mock.calls) expect(query.limit).toBeLessThanOrEqual(PAGE_SIZE);
});

const fakeRow: UserRow = {
  id: "",
  email: "",
  name: null,
  role: "basic",
  status: "active",
  relationshipManager: false,
  organisationCount: 1,
  invitedBy: null,
  invitedAt: null,
  expiresAt: null,
  expired: false,
  pending: false,
};

test("blocking two selected users: one confirmation, progress, then a result per user", async () => {
  const { fake } = renderUsers();
  await rowsShown(11);
  await userEvent.click(screen.getByLabelText("Select bob.baker@acme.example"));
  await userEvent.click(screen.getByLabelText("Select carol.clark@acme.example"));
  expect(screen.getByTestId("bulk-bar")).toHaveTextContent("2 selected");
  await userEvent.click(screen.getByTestId("bulk-block"));
  const dialog = screen.getByRole("dialog", { name: "Block 2 users" });
  expect(dialog).toHaveAttribute("data-testid", "bulk-confirm");
  expect(dialog).toHaveTextContent("Bob Baker, Carol Clark");
  expect(fake.applied).toEqual([]);
  await userEvent.click(within(dialog).getByTestId("bulk-confirm-submit"));
  const results = await within(dialog).findAllByTestId("bulk-result");
  expect(results.map((r) => [r.getAttribute("data-email"), r.getAttribute("data-outcome")])).toEqual([
    ["bob.baker@acme.example", "done"],
    ["carol.clark@acme.example", "done"],
  ]);
  expect(fake.applied).toEqual([
    { kind: "setBlocked", userId: "u-bob", blocked: true },
    { kind: "setBlocked", userId: "u-carol", blocked: true },
  ]);
  expect(within(dialog).getByRole("status")).toHaveTextContent("2 done");
  // The cache changed: the rows are re-read and show the new status.
  await waitFor(() => expect(rowOf("bob.baker@acme.example")).toHaveAttribute("data-status", "blocked"));
  await waitFor(() => expect(screen.getByTestId("count-blocked")).toHaveTextContent("3 blocked"));
  await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
  expect(screen.queryByTestId("bulk-confirm")).not.toBeInTheDocument();
  expect(screen.queryByTestId("bulk-bar")).not.toBeInTheDocument();
});

test("users the action does not change are skipped, and the confirmation says so", async () => {
  const { fake } = renderUsers();
  await rowsShown(11);
  await userEvent.click(screen.getByLabelText("Select kim.kok@acme.example"));
  await userEvent.click(screen.getByLabelText("Select bob.baker@acme.example"));
  await userEvent.click(screen.getByTestId("bulk-block"));
  const dialog = screen.getByTestId("bulk-confirm");
  expect(dialog).toHaveTextContent("Block 1 user: they can no longer sign in");
  expect(dialog).toHaveTextContent("1 is already blocked and is skipped.");
  await userEvent.click(within(dialog).getByTestId("bulk-confirm-submit"));
  await within(dialog).findAllByTestId("bulk-result");
  expect(fake.applied).toEqual([{ kind: "setBlocked", userId: "u-bob", blocked: true }]);
});

test("removing the only administrator warns first, and Rust's refusal is shown with its reason", async () => {
  const { fake } = renderUsers();
  await rowsShown(11);
  await userEvent.click(screen.getByLabelText("Select ada.admin@acme.example"));
  await userEvent.click(screen.getByLabelText("Select finn.fox@acme.example"));
  await userEvent.click(screen.getByTestId("bulk-remove"));
  const dialog = screen.getByTestId("bulk-confirm");
  expect(dialog).toHaveTextContent("they lose sign-in at once");
  expect(within(dialog).getByTestId("bulk-admin-warning")).toHaveTextContent("This includes an administrator: ada.admin@acme.example");
  expect(within(dialog).getByTestId("bulk-admin-warning")).toHaveTextContent("The last administrator can never be blocked, removed or demoted");
  await userEvent.click(within(dialog).getByTestId("bulk-confirm-submit"));
  const results = await within(dialog).findAllByTestId("bulk-result");
  const ada = results.find((r) => r.getAttribute("data-email") === "ada.admin@acme.example");
  expect(ada).toHaveAttribute("data-outcome", "refused");
  // Translated by its code, not Rust's English reason.
  expect(ada).toHaveTextContent("Refused: This is the environment's last administrator: make someone else an administrator first");
  expect(results.find((r) => r.getAttribute("data-email") === "finn.fox@acme.example")).toHaveAttribute("data-outcome", "done");
  expect(within(dialog).getByRole("status")).toHaveTextContent("1 done · 1 refused");
  expect(fake.applied).toEqual([
    { kind: "removeUser", userId: "u-ada" },
    { kind: "removeUser", userId: "u-finn" },
  ]);
});

test("changes made offline are reported as queued, not as errors; a failed run can be retried", async () => {
  let failures = 1;
  const fake = createFakeBackend();
  fake.applyChanges = async (_operation, changes) => {
    if (failures-- > 0) throw new BackendError({ code: "internal", message: "the local cache is busy, try again" });
    fake.applied.push(...changes);
    return changes.map(() => ({ outcome: "queued" as const, reason: null, code: null }));
  };
  renderUsers(fake);
  await rowsShown(11);
  await userEvent.click(screen.getByLabelText("Select hank.hill@acme.example"));
  await userEvent.click(screen.getByTestId("bulk-resend"));
  const dialog = screen.getByTestId("bulk-confirm");
  await userEvent.click(within(dialog).getByTestId("bulk-confirm-submit"));
  expect(await within(dialog).findByRole("alert")).toHaveTextContent("the local cache is busy, try again");
  await userEvent.click(within(dialog).getByRole("button", { name: "Try again" }));
  const [result] = await within(dialog).findAllByTestId("bulk-result");
  expect(result).toHaveAttribute("data-outcome", "queued");
  expect(result).toHaveTextContent("Queued: will be sent when the connection is back");
  expect(dialog).toHaveTextContent("sent as soon as the connection returns");
  expect(fake.applied).toEqual([{ kind: "resendInvitation", userId: "u-hank" }]);
});

test("select all matching gathers every user of the filter and changes their role", async () => {
  const { fake } = renderUsers(createFakeBackend(), { screen: "users", filter: { status: "invited" } });
  await rowsShown(3);
  await userEvent.click(screen.getByLabelText("Select all 3 matching users"));
  expect(await screen.findByTestId("bulk-bar")).toHaveTextContent("3 selected");
  await userEvent.selectOptions(screen.getByTestId("bulk-role-select"), "advanced");
  await userEvent.click(screen.getByTestId("bulk-role"));
  await userEvent.click(within(screen.getByTestId("bulk-confirm")).getByTestId("bulk-confirm-submit"));
  await screen.findAllByTestId("bulk-result");
  expect(fake.applied).toEqual([
    { kind: "setRole", userId: "u-hank", role: "advanced" },
    { kind: "setRole", userId: "u-iris", role: "advanced" },
    { kind: "setRole", userId: "u-jack", role: "advanced" },
  ]);
});

test("a row opens the user detail, by click or keyboard; the + button opens the invite dialog", async () => {
  const { control } = renderUsers();
  await rowsShown(11);
  await userEvent.click(rowOf("carol.clark@acme.example"));
  expect(screen.getByRole("dialog", { name: "User detail" })).toHaveAttribute("data-user-id", "u-carol");
  await userEvent.click(screen.getByRole("button", { name: "Close detail" }));
  expect(screen.queryByRole("dialog", { name: "User detail" })).not.toBeInTheDocument();
  rowOf("eve.evers@acme.example").focus();
  await userEvent.keyboard("{Enter}");
  expect(screen.getByRole("dialog", { name: "User detail" })).toHaveAttribute("data-user-id", "u-eve");
  await userEvent.click(screen.getByRole("button", { name: "Close detail" }));

  await userEvent.click(screen.getByRole("button", { name: "Invite users" }));
  expect(screen.getByRole("dialog", { name: "Invite dialog" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Close invite" }));
  expect(screen.queryByRole("dialog", { name: "Invite dialog" })).not.toBeInTheDocument();
  expect(control.route).toEqual(expect.objectContaining({ invite: false }));

  act(() => control.navigate({ screen: "users", userId: "u-kim" }));
  expect(screen.getByRole("dialog", { name: "User detail" })).toHaveAttribute("data-user-id", "u-kim");
});

test("an environment without users invites the first colleague; no match offers to clear the filters", async () => {
  const fake = createFakeBackend();
  const everyone = fake.users;
  fake.users = [];
  renderUsers(fake);
  expect(await screen.findByText("No users yet — invite your first colleague.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Invite your first colleague" }));
  expect(screen.getByRole("dialog", { name: "Invite dialog" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Close invite" }));

  fake.users = everyone;
  act(() => fake.emitCacheChanged());
  await rowsShown(11);
  await userEvent.type(screen.getByTestId("user-search"), "zzz");
  const empty = await screen.findByTestId("empty-no-match");
  expect(empty).toHaveTextContent("No user matches “zzz”");
  await userEvent.click(within(empty).getByRole("button", { name: "Clear filters" }));
  await rowsShown(11);
  expect(screen.getByTestId("user-search")).toHaveValue("");
});

test("a failed read says why and can be tried again", async () => {
  const fake = createFakeBackend();
  const search = fake.searchUsers;
  let failures = 1;
  fake.searchUsers = async (query) => {
    if (failures-- > 0) throw new BackendError({ code: "internal", message: "the cache could not be read" });
    return search(query);
  };
  renderUsers(fake);
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Could not load the users. Something unexpected went wrong: the cache could not be read");
  await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
  await rowsShown(11);
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("speaks Dutch when Dutch is chosen", async () => {
  const { default: i18n } = await import("../../i18n");
  await act(() => i18n.changeLanguage("nl"));
  try {
    renderUsers();
    expect(screen.getByRole("heading", { level: 1, name: "Gebruikers" })).toBeInTheDocument();
    expect(screen.getByTestId("invite-button")).toHaveAccessibleName("Gebruikers uitnodigen");
    expect(await screen.findByTestId("count-active")).toHaveTextContent("7 actief");
    await rowsShown(11);
    expect(screen.getByTestId("result-count")).toHaveTextContent("11 van 11 gebruikers");
    expect(screen.getByLabelText("Zoek gebruikers")).toHaveAttribute("type", "search");
  } finally {
    await act(() => i18n.changeLanguage("en"));
  }
});

test("an organisation administrator is told what they see and why, and gets no actions on people", async () => {
  renderUsers(createFakeBackend(), { screen: "users" }, { ...fakeSession, role: "basic", canInvite: false, canManageUsers: false });
  await rowsShown(11);
  expect(screen.getByTestId("scope-notice")).toHaveTextContent("the members of the organisations you administer");
  expect(screen.getByTestId("invite-button")).toBeDisabled();
  await userEvent.click(screen.getByLabelText("Select bob.baker@acme.example"));
  expect(screen.queryByTestId("bulk-bar")).not.toBeInTheDocument();
});

test("an administrator sees no scope notice", async () => {
  renderUsers();
  await rowsShown(11);
  expect(screen.queryByTestId("scope-notice")).not.toBeInTheDocument();
});

test("Export saves the overview as filtered and says where; Dutch gets semicolons", async () => {
  const fake = createFakeBackend();
  const exportUsers = vi.fn(async () => "/home/ada/Downloads/eConnect users.csv");
  fake.exportUsers = exportUsers;
  renderUsers(fake, { screen: "users", filter: { status: "invited" } });
  await rowsShown(3);
  await userEvent.click(screen.getByTestId("export-button"));
  expect(await screen.findByTestId("export-status")).toHaveTextContent("Saved to /home/ada/Downloads/eConnect users.csv");
  expect(exportUsers).toHaveBeenCalledWith(expect.objectContaining({ status: "invited" }), false);
});
