import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { NavigationContext, type Route } from "../../app/navigation";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type Backend, type OverviewCounts } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend } from "../../test/fakeBackend";
import { InsightsScreen } from "./InsightsScreen";

function renderScreen(backend: Backend) {
  const routes: Route[] = [];
  const navigation = { route: { screen: "insights" as const }, navigate: (route: Route) => void routes.push(route) };
  render(
    <BackendProvider backend={backend}>
      <BackendEventsProvider>
        <NavigationContext.Provider value={navigation}>
          <InsightsScreen />
        </NavigationContext.Provider>
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return routes;
}

const FINE: OverviewCounts = {
  total: 5,
  active: 5,
  invited: 0,
  blocked: 0,
  expired: 0,
  noOrganisation: 0,
  pendingChanges: 0,
  activeAdministrators: 2,
  staleInvitations: 0,
  ineffectiveRelationshipManagers: 0,
};

test("the demo environment shows four findings with their counts", async () => {
  renderScreen(createFakeBackend());
  expect(screen.getByRole("heading", { level: 1, name: "Insights" })).toBeInTheDocument();
  const noOrganisation = await screen.findByTestId("insight-no-organisation");
  // Finn, and the three invitees.
  expect(noOrganisation).toHaveAttribute("data-count", "4");
  expect(noOrganisation).toHaveClass("attention");
  expect(noOrganisation).toHaveTextContent("4 users are in no organisation");
  expect(noOrganisation).toHaveTextContent("sees no documents at all");

  const administrators = screen.getByTestId("insight-single-administrator");
  expect(administrators).toHaveAttribute("data-count", "1");
  expect(administrators).toHaveClass("attention");
  expect(administrators).toHaveTextContent("if the only one leaves, nobody can manage the environment");

  const stale = screen.getByTestId("insight-stale-invitations");
  // Iris (9 days) and Jack (20 days, expired).
  expect(stale).toHaveAttribute("data-count", "2");
  expect(stale).toHaveTextContent("of which 1 has expired");

  const rm = screen.getByTestId("insight-ineffective-rm");
  // Dan is a Basic user with the flag; Bob is Advanced, so his counts.
  expect(rm).toHaveAttribute("data-count", "1");
  expect(rm).toHaveTextContent("1 Basic user has the relationship-manager flag");

  expect(screen.getByTestId("insights-summary")).toHaveTextContent("4 things need your attention.");
});

test("each filter button opens the user overview with the right filter", async () => {
  const routes = renderScreen(createFakeBackend());
  const card = async (testId: string) => within(await screen.findByTestId(testId));

  await userEvent.click((await card("insight-no-organisation")).getByRole("button", { name: "Show them" }));
  await userEvent.click((await card("insight-single-administrator")).getByRole("button", { name: "Choose a second administrator" }));
  await userEvent.click((await card("insight-stale-invitations")).getByRole("button", { name: "Show them" }));
  await userEvent.click((await card("insight-stale-invitations")).getByRole("button", { name: "Show expired" }));
  await userEvent.click((await card("insight-ineffective-rm")).getByRole("button", { name: "Show them" }));

  expect(routes).toEqual([
    { screen: "users", filter: { noOrganisation: true } },
    { screen: "users", filter: { status: "active" } },
    { screen: "users", filter: { staleInvitation: true } },
    { screen: "users", filter: { expired: true } },
    { screen: "users", filter: { ineffectiveRelationshipManager: true } },
  ]);
});

test("when everything is fine it says so, and shows the administrators as fine", async () => {
  renderScreen(createFakeBackend({ overviewCounts: async () => FINE }));
  expect(await screen.findByTestId("insights-summary")).toHaveTextContent("All is well");
  const administrators = screen.getByTestId("insight-single-administrator");
  expect(administrators).toHaveClass("ok");
  expect(administrators).toHaveAttribute("data-count", "2");
  expect(administrators).toHaveTextContent("2 administrators");
  expect(within(administrators).queryByRole("button")).not.toBeInTheDocument();
  for (const id of ["insight-no-organisation", "insight-stale-invitations", "insight-ineffective-rm"]) {
    expect(screen.getByTestId(id)).toHaveClass("ok");
    expect(screen.getByTestId(id)).toHaveAttribute("data-count", "0");
  }
  expect(screen.queryByRole("button", { name: "Show them" })).not.toBeInTheDocument();
});

test("removing the ineffective flags asks first, then runs on the Rust side and reports", async () => {
  const backend = createFakeBackend();
  const operations: string[] = [];
  const clear = backend.clearIneffectiveRelationshipManagers;
  backend.clearIneffectiveRelationshipManagers = (operation) => (operations.push(operation), clear(operation));
  renderScreen(backend);
  const rm = await screen.findByTestId("insight-ineffective-rm");

  await userEvent.click(within(rm).getByRole("button", { name: "Remove these flags" }));
  const dialog = screen.getByRole("alertdialog", { name: "Remove the relationship-manager flags without effect?" });
  expect(dialog).toHaveTextContent("removed from 1 Basic user");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(operations).toEqual([]);

  await userEvent.click(within(rm).getByRole("button", { name: "Remove these flags" }));
  await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Remove the flags" }));
  expect(await screen.findByTestId("insight-rm-result")).toHaveTextContent("1 flag removed.");
  expect(operations).toHaveLength(1);
  expect(backend.applied).toEqual([{ kind: "setRelationshipManager", userId: "u-dan", value: false }]);
  // The counts are read again after the change: the card is fine now, the outcome stays.
  await waitFor(() => expect(screen.getByTestId("insight-ineffective-rm")).toHaveAttribute("data-count", "0"));
  expect(screen.getByTestId("insight-ineffective-rm")).toHaveClass("ok");
  expect(screen.getByTestId("insight-rm-result")).toHaveTextContent("1 flag removed.");
});

test("the fix shows its progress while it runs", async () => {
  let finish: () => void = () => undefined;
  const backend = createFakeBackend();
  backend.clearIneffectiveRelationshipManagers = (operation) =>
    new Promise((resolve) => {
      backend.emitProgress({ operation, done: 1, total: 3 });
      finish = () => resolve([{ outcome: "done", reason: null, code: null }]);
    });
  renderScreen(backend);
  await userEvent.click(await screen.findByRole("button", { name: "Remove these flags" }));
  await userEvent.click(screen.getByRole("button", { name: "Remove the flags" }));
  const bar = await screen.findByRole("progressbar", { name: "Removing the flags…" });
  expect(bar).toHaveAttribute("value", "1");
  expect(bar).toHaveAttribute("max", "3");
  expect(screen.getByText("1 of 3")).toBeInTheDocument();
  finish();
  expect(await screen.findByTestId("insight-rm-result")).toHaveTextContent("1 flag removed.");
  expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
});

test("the fix reports queued and refused changes honestly", async () => {
  const backend = createFakeBackend({
    clearIneffectiveRelationshipManagers: async () => [
      { outcome: "queued", reason: null, code: null },
      { outcome: "queued", reason: null, code: null },
      { outcome: "refused", reason: "dan.dekker@acme.example was removed meanwhile", code: "not_found" },
    ],
  });
  renderScreen(backend);
  await userEvent.click(await screen.findByRole("button", { name: "Remove these flags" }));
  await userEvent.click(screen.getByRole("button", { name: "Remove the flags" }));
  const result = await screen.findByTestId("insight-rm-result");
  expect(result).toHaveTextContent("2 changes will be sent when the connection is back.");
  expect(result).toHaveTextContent("1 change was refused:");
  // Translated by its code; the Rust side's English reason only for an unknown code.
  expect(result).toHaveTextContent("It no longer exists on the platform: it was removed, here or elsewhere.");
  expect(result).not.toHaveTextContent("was removed meanwhile");
  expect(result).toHaveAttribute("data-queued", "2");
  expect(result).toHaveAttribute("data-refused", "1");
});

test("a failure to read the counts says why and can be retried", async () => {
  let fail = true;
  const backend = createFakeBackend();
  const counts = backend.overviewCounts;
  backend.overviewCounts = async () => {
    if (fail) throw new BackendError({ code: "internal", message: "the cache is locked" });
    return counts();
  };
  renderScreen(backend);
  expect(await screen.findByRole("alert")).toHaveTextContent("the cache is locked");
  fail = false;
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByTestId("insight-no-organisation")).toHaveAttribute("data-count", "4");
});
