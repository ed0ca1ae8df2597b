import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { SessionContext, type SessionControls } from "../../app/session";
import i18n from "../../i18n";
import { BackendProvider } from "../../lib/ipc/BackendProvider";
import type { SignedIn } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, fakeSession, type FakeBackend } from "../../test/fakeBackend";
import { SettingsScreen } from "./SettingsScreen";
import { applySavedTheme, THEME_KEY } from "./theme";

async function renderSettings(fake: FakeBackend, session: SignedIn = fakeSession) {
  const controls: SessionControls = { session, switchTo: async () => undefined, signOut: async () => undefined };
  render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <SessionContext.Provider value={controls}>
          <SettingsScreen />
        </SessionContext.Provider>
      </BackendEventsProvider>
    </BackendProvider>,
  );
  // The About facts are read from the backend.
  expect(await screen.findByTestId("about-version")).toHaveTextContent("9.8.7 (commit abc123def456)");
}

afterEach(async () => {
  cleanup();
  await i18n.changeLanguage("en");
  document.documentElement.lang = "en";
  delete document.documentElement.dataset.theme;
});

test("choosing Nederlands switches the texts to Dutch at once and remembers it", async () => {
  await renderSettings(createFakeBackend());
  expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Settings");
  const select = screen.getByTestId("language-select");
  expect(select).toHaveAccessibleName("Language");
  expect(select).toHaveValue("en");
  await userEvent.selectOptions(select, "nl");
  expect(await screen.findByRole("heading", { level: 1, name: "Instellingen" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Sneltoetsen" })).toBeInTheDocument();
  expect(screen.getByTestId("language-select")).toHaveAccessibleName("Taal");
  expect(screen.getByTestId("language-select")).toHaveValue("nl");
  // The options name each language in itself, whatever the current language.
  expect(screen.getByRole("option", { name: "English" })).toBeInTheDocument();
  expect(screen.getByRole("option", { name: "Nederlands" })).toBeInTheDocument();
  expect(localStorage.getItem("ecadmin.language")).toBe("nl");
});

test("the theme select sets the document's theme and remembers it", async () => {
  await renderSettings(createFakeBackend());
  const select = screen.getByTestId("theme-select");
  expect(select).toHaveValue("system");
  expect(screen.getByRole("option", { name: "Follow the system" })).toBeInTheDocument();
  await userEvent.selectOptions(select, "dark");
  expect(document.documentElement.dataset.theme).toBe("dark");
  expect(localStorage.getItem(THEME_KEY)).toBe("dark");
  await userEvent.selectOptions(select, "light");
  expect(document.documentElement.dataset.theme).toBe("light");
  await userEvent.selectOptions(select, "system");
  expect(document.documentElement.dataset.theme).toBeUndefined();
  expect(localStorage.getItem(THEME_KEY)).toBeNull();
});

test("the saved theme is applied on start", () => {
  localStorage.setItem(THEME_KEY, "dark");
  applySavedTheme();
  expect(document.documentElement.dataset.theme).toBe("dark");
  localStorage.setItem(THEME_KEY, "something else");
  applySavedTheme();
  expect(document.documentElement.dataset.theme).toBeUndefined();
});

test("the Local sandbox can be stopped and started again, and says so", async () => {
  const fake = createFakeBackend();
  const calls: string[] = [];
  const { stopLocalSandbox, startLocalSandbox } = fake;
  fake.stopLocalSandbox = () => (calls.push("stop"), stopLocalSandbox());
  fake.startLocalSandbox = () => (calls.push("start"), startLocalSandbox());
  await renderSettings(fake);
  const status = screen.getByTestId("sandbox-status");
  await waitFor(() => expect(status).toHaveTextContent("Running at http://127.0.0.1:40000"));
  expect(screen.getByText("/tmp/outbox")).toBeInTheDocument();
  expect(screen.getByTestId("sandbox-stop")).toHaveAccessibleDescription(/changes are queued and sent when you start it again/);
  expect(screen.getByTestId("sandbox-start")).toBeDisabled();

  await userEvent.click(screen.getByTestId("sandbox-stop"));
  await waitFor(() => expect(status).toHaveTextContent("Stopped"));
  expect(screen.getByTestId("sandbox-stop")).toBeDisabled();

  await userEvent.click(screen.getByTestId("sandbox-start"));
  await waitFor(() => expect(status).toHaveTextContent("Running at http://127.0.0.1:40000"));
  expect(calls).toEqual(["stop", "start"]);
});

test("a failed stop says why", async () => {
  const fake = createFakeBackend({
    stopLocalSandbox: async () => {
      throw new Error("the Local sandbox did not stop in time; try again");
    },
  });
  await renderSettings(fake);
  await waitFor(() => expect(screen.getByTestId("sandbox-status")).toHaveTextContent("Running"));
  await userEvent.click(screen.getByTestId("sandbox-stop"));
  expect(await screen.findByRole("alert")).toHaveTextContent("did not stop in time");
  expect(screen.getByTestId("sandbox-status")).toHaveTextContent("Running");
});

test("the Local sandbox section is only there in the Local sandbox", async () => {
  await renderSettings(createFakeBackend(), { ...fakeSession, environment: "prod", kind: "production" });
  expect(screen.queryByTestId("sandbox-status")).not.toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Keyboard shortcuts" })).toBeInTheDocument();
  expect(screen.getByText("/home/ada/.local/share/nl.econnect.admin/logs")).toBeInTheDocument();
});
