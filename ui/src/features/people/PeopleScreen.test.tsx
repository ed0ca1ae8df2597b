import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { NavigationContext, type Route } from "../../app/navigation";
import { SessionContext } from "../../app/session";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, fakeSession, type FakeBackend } from "../../test/fakeBackend";
import { ONLY_ADMINISTRATOR } from "../../test/fakePractice";
import { PeopleScreen } from "./PeopleScreen";

function renderScreen(backend: FakeBackend) {
  const switched: Array<[string | null, Route | undefined]> = [];
  const navigation = { route: { screen: "people" as const }, navigate: () => undefined };
  const session = {
    session: fakeSession,
    switchTo: async (environment: string | null, route?: Route) => void switched.push([environment, route]),
    signOut: async () => undefined,
  };
  render(
    <BackendProvider backend={backend}>
      <BackendEventsProvider>
        <SessionContext.Provider value={session}>
          <NavigationContext.Provider value={navigation}>
            <PeopleScreen />
          </NavigationContext.Provider>
        </SessionContext.Provider>
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return switched;
}

test("a person is found in exactly the environments they are in, with role and organisations", async () => {
  renderScreen(createFakeBackend());
  await userEvent.type(screen.getByTestId("people-search"), "bas bakker");
  const person = await screen.findByTestId("person");
  const rows = within(person).getAllByTestId("person-row");
  expect(rows.map((row) => row.dataset.environment)).toEqual(["bakkerij-de-vries-bv", "jansen-installatietechniek"]);
  expect(within(rows[1]!).getByText(/none — sees no documents/)).toBeInTheDocument();
  expect(screen.getByTestId("people-count")).toHaveTextContent("2 rows: 1 people");
});

test("offboard everywhere: a plan per environment, refused where the only administrator, then the results", async () => {
  const backend = createFakeBackend();
  renderScreen(backend);
  await userEvent.type(screen.getByTestId("people-search"), "carla");
  await userEvent.click(await screen.findByTestId("offboard-everywhere"));
  const dialog = await screen.findByTestId("everywhere-dialog");
  await waitFor(() => expect(within(dialog).getAllByTestId("everywhere-row")).toHaveLength(3));
  const result = (environment: string) => within(dialog).getAllByTestId("everywhere-row").find((row) => row.dataset.environment === environment)?.dataset.result;
  expect(result("bakkerij-de-vries-bv")).toBe("planned");
  expect(result("jansen-installatietechniek")).toBe("refused");
  expect(result("Local sandbox")).toBe("notFound");
  expect(within(dialog).getByText(ONLY_ADMINISTRATOR)).toBeInTheDocument();
  await userEvent.click(within(dialog).getByTestId("everywhere-run"));
  await waitFor(() => expect(dialog.dataset.step).toBe("done"));
  expect(result("bakkerij-de-vries-bv")).toBe("done");
  expect(result("jansen-installatietechniek")).toBe("refused");
  expect(within(dialog).getByTestId("everywhere-status")).toHaveTextContent("1 done, 0 queued, 1 refused");
  expect(backend.people.filter((row) => row.email.startsWith("carla")).map((row) => row.environment)).toEqual(["jansen-installatietechniek"]);
});

test("discovery adds the environments not saved yet, in one step", async () => {
  const backend = createFakeBackend();
  const add = vi.spyOn(backend, "addDiscoveredEnvironments");
  renderScreen(backend);
  await userEvent.click(screen.getByTestId("discover-button"));
  const dialog = await screen.findByTestId("discover-dialog");
  expect(await within(dialog).findByTestId("discover-lead")).toHaveTextContent("You have access to 1 environment that is not saved yet");
  await userEvent.click(within(dialog).getByTestId("discover-add"));
  expect(await within(dialog).findByText(/1 environment added/)).toBeInTheDocument();
  expect(add).toHaveBeenCalledTimes(1);
  expect(await within(dialog).findByText("Every environment you have access to is saved already.")).toBeInTheDocument();
});

test("an insight across environments opens the fix in that environment", async () => {
  const switched = renderScreen(createFakeBackend());
  const card = await screen.findByTestId("cross-without-organisation");
  await userEvent.click(within(card).getByRole("button", { name: "Open Jansen Installatietechniek" }));
  expect(switched).toEqual([["jansen-installatietechniek", { screen: "users", filter: { noOrganisation: true } }]]);
});

test("the discovery dialog keeps the focus in, with Tab and Shift+Tab, once all is saved", async () => {
  renderScreen(createFakeBackend());
  await userEvent.click(screen.getByTestId("discover-button"));
  const dialog = await screen.findByTestId("discover-dialog");
  await userEvent.click(await within(dialog).findByTestId("discover-add"));
  await within(dialog).findByText("Every environment you have access to is saved already.");
  const close = within(dialog).getByRole("button", { name: "Close" });
  await waitFor(() => expect(close).toHaveFocus());
  await userEvent.tab();
  expect(close).toHaveFocus();
  await userEvent.tab({ shift: true });
  expect(close).toHaveFocus();
});
