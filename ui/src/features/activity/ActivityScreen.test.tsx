import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type AuditEvent, type Backend } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { SessionContext } from "../../app/session";
import { createFakeBackend, fakeSession } from "../../test/fakeBackend";
import { ActivityScreen } from "./ActivityScreen";

function renderScreen(backend: Backend) {
  render(
    <BackendProvider backend={backend}>
      <BackendEventsProvider>
        <ActivityScreen />
      </BackendEventsProvider>
    </BackendProvider>,
  );
}

const event = (id: string, action: string, actor: string, targetEmail: string | null, detail: string | null = null, organisationId: string | null = null): AuditEvent => ({
  id,
  at: "2025-03-14T09:30:00Z",
  actor,
  action,
  targetEmail,
  organisationId,
  detail,
});

const rows = () => screen.queryAllByTestId("audit-event");

test("the events of the fake are listed newest first with a sentence each", async () => {
  renderScreen(createFakeBackend());
  expect(screen.getByRole("heading", { level: 1, name: "Activity" })).toBeInTheDocument();
  await waitFor(() => expect(rows()).toHaveLength(2));
  const [roleChange, invitation] = rows();
  expect(roleChange).toHaveAttribute("data-action", "role_changed");
  expect(roleChange).toHaveTextContent("ada.admin@acme.example");
  expect(roleChange).toHaveTextContent("changed the role of bob.baker@acme.example: Basic user → Advanced user");
  expect(invitation).toHaveAttribute("data-action", "user_invited");
  expect(invitation).toHaveTextContent("invited hank.hill@acme.example");
  // The time is localised, and machine-readable.
  const time = within(invitation!).getByText((_, element) => element?.tagName === "TIME");
  expect(time.getAttribute("dateTime")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(time.textContent).not.toMatch(/T\d{2}:/);
  expect(screen.queryByTestId("activity-load-more")).not.toBeInTheDocument();
});

test("the filters narrow the list by action and by person (actor or target)", async () => {
  const backend = createFakeBackend({
    auditEvents: async () => ({
      items: [
        event("e4", "member_added", "dan.dekker@acme.example", "carol.clark@acme.example", "as administrator", "org-retail"),
        event("e3", "user_blocked", "ada.admin@acme.example", "kim.kok@acme.example"),
        event("e2", "role_changed", "ada.admin@acme.example", "bob.baker@acme.example", "basic → advanced"),
        event("e1", "user_invited", "ada.admin@acme.example", "hank.hill@acme.example", "as basic"),
      ],
      nextCursor: null,
    }),
  });
  renderScreen(backend);
  await waitFor(() => expect(rows()).toHaveLength(4));
  expect(rows()[0]).toHaveTextContent("added carol.clark@acme.example to Acme Retail as Organisation administrator");

  const actionSelect = screen.getByRole("combobox", { name: "Action" });
  expect(actionSelect).toHaveAttribute("data-testid", "activity-action");
  await userEvent.selectOptions(actionSelect, "User blocked");
  expect(rows().map((r) => r.dataset.action)).toEqual(["user_blocked"]);
  expect(rows()[0]).toHaveTextContent("blocked kim.kok@acme.example");
  await userEvent.selectOptions(actionSelect, "All actions");

  const personSelect = screen.getByRole("combobox", { name: "Person" });
  expect(personSelect).toHaveAttribute("data-testid", "activity-person");
  // Everyone who acted or was acted on, once each.
  expect(within(personSelect).getAllByRole("option").map((o) => o.textContent)).toEqual([
    "Everyone",
    "ada.admin@acme.example",
    "bob.baker@acme.example",
    "carol.clark@acme.example",
    "dan.dekker@acme.example",
    "hank.hill@acme.example",
    "kim.kok@acme.example",
  ]);
  await userEvent.selectOptions(personSelect, "bob.baker@acme.example");
  expect(rows().map((r) => r.dataset.action)).toEqual(["role_changed"]);
  await userEvent.selectOptions(personSelect, "dan.dekker@acme.example");
  expect(rows().map((r) => r.dataset.action)).toEqual(["member_added"]);
  await userEvent.selectOptions(personSelect, "ada.admin@acme.example");
  expect(rows().map((r) => r.dataset.action)).toEqual(["user_blocked", "role_changed", "user_invited"]);

  await userEvent.selectOptions(actionSelect, "Member added");
  expect(rows()).toHaveLength(0);
  expect(screen.getByTestId("activity-no-match")).toHaveTextContent("No loaded event matches these filters.");
});

test("Load more fetches the next page with the cursor and appends it", async () => {
  const cursors: (string | null)[] = [];
  const backend = createFakeBackend({
    auditEvents: async (cursor) => {
      cursors.push(cursor);
      return cursor === null
        ? { items: [event("e3", "user_unblocked", "ada.admin@acme.example", "kim.kok@acme.example")], nextCursor: "page-2" }
        : { items: [event("e2", "invitation_resent", "ada.admin@acme.example", "iris.ito@acme.example")], nextCursor: null };
    },
  });
  renderScreen(backend);
  await waitFor(() => expect(rows()).toHaveLength(1));
  await userEvent.click(screen.getByRole("button", { name: "Load more" }));
  await waitFor(() => expect(rows()).toHaveLength(2));
  expect(rows()[1]).toHaveTextContent("resent the invitation to iris.ito@acme.example");
  expect(cursors).toEqual([null, "page-2"]);
  expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
});

test("without the platform it says the log will load when back online, and Try again loads it", async () => {
  let online = false;
  const fake = createFakeBackend();
  const auditEvents = fake.auditEvents;
  fake.auditEvents = async (cursor) => {
    if (!online) throw new BackendError({ code: "unreachable", message: "the platform cannot be reached" });
    return auditEvents(cursor);
  };
  renderScreen(fake);
  const offline = await screen.findByTestId("activity-offline");
  expect(offline).toHaveTextContent(
    "The activity log needs a connection to the platform; it will load when you are back online",
  );
  expect(rows()).toHaveLength(0);
  online = true;
  await userEvent.click(within(offline).getByRole("button", { name: "Try again" }));
  await waitFor(() => expect(rows()).toHaveLength(2));
  expect(screen.queryByTestId("activity-offline")).not.toBeInTheDocument();
});

test("other errors say what went wrong", async () => {
  renderScreen(
    createFakeBackend({
      auditEvents: async () => {
        throw new BackendError({ code: "authentication", message: "the session ended; sign in again" });
      },
    }),
  );
  // Translated by the error's code.
  expect(await screen.findByRole("alert")).toHaveTextContent("The activity log could not be read. The platform refused the sign-in, or the session ended");
  expect(screen.queryByTestId("activity-offline")).not.toBeInTheDocument();
});

test("an environment without events says so", async () => {
  renderScreen(createFakeBackend({ auditEvents: async () => ({ items: [], nextCursor: null }) }));
  expect(await screen.findByTestId("activity-empty")).toHaveTextContent("Nothing has happened in this environment yet.");
});

test("the log is read again when the cache changes and with Refresh", async () => {
  const items = [event("e1", "user_invited", "ada.admin@acme.example", "hank.hill@acme.example")];
  let reads = 0;
  const backend = createFakeBackend({ auditEvents: async () => (reads++, { items: [...items], nextCursor: null }) });
  renderScreen(backend);
  await waitFor(() => expect(rows()).toHaveLength(1));
  items.unshift(event("e2", "user_removed", "ada.admin@acme.example", "finn.fox@acme.example", "2 memberships removed"));
  act(() => backend.emitCacheChanged());
  await waitFor(() => expect(rows()).toHaveLength(2));
  expect(rows()[0]).toHaveTextContent("removed finn.fox@acme.example from the environment (and from 2 organisations)");

  const before = reads;
  await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
  await waitFor(() => expect(reads).toBe(before + 1));
  expect(rows()).toHaveLength(2);
});

test("someone who is not an administrator is told the log is not theirs, and it is not asked for", async () => {
  const auditEvents = vi.fn(() => Promise.reject(new Error("must not be asked")));
  const backend = createFakeBackend({ auditEvents });
  render(
    <SessionContext.Provider value={{ session: { ...fakeSession, role: "basic", canInvite: false, canManageUsers: false }, switchTo: vi.fn(), signOut: vi.fn() }}>
      <BackendProvider backend={backend}>
        <BackendEventsProvider>
          <ActivityScreen />
        </BackendEventsProvider>
      </BackendProvider>
    </SessionContext.Provider>,
  );
  expect(screen.getByTestId("scope-notice")).toHaveTextContent("The activity log is for the environment's administrators");
  expect(rows()).toHaveLength(0);
  expect(auditEvents).not.toHaveBeenCalled();
});
