import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../lib/ipc/BackendProvider";
import { BackendError, type Backend } from "../lib/ipc/backend";
import { App } from "./App";

const fakeInfo = {
  productName: "eConnect Admin",
  version: "9.8.7",
  configDir: "/home/ada/.config/nl.econnect.admin",
  dataDir: "/home/ada/.local/share/nl.econnect.admin",
  logDir: "/home/ada/.local/share/nl.econnect.admin/logs",
};

const fakeSession = {
  environment: "Local sandbox",
  kind: "local-sandbox" as const,
  environmentName: "Acme Demo",
  login: "ada.admin@acme.example",
  name: "Ada Admin",
  role: "administrator",
  canInvite: true,
};

function fakeBackend(overrides: Partial<Backend> = {}): Backend {
  return {
    appInfo: async () => fakeInfo,
    signInLocalSandbox: async () => fakeSession,
    userCounts: async () => ({ total: 11, active: 7, invited: 3, blocked: 1 }),
    ...overrides,
  };
}

function renderApp(backend: Backend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

test("the first screen shows the product name and the version from the backend", async () => {
  renderApp(fakeBackend());
  expect(screen.getByRole("heading", { level: 1, name: "eConnect Admin" })).toBeInTheDocument();
  expect(await screen.findByText("Version 9.8.7")).toBeInTheDocument();
});

test("it opens signed in to the Local sandbox, marked as not the real platform, with its user counts", async () => {
  renderApp(fakeBackend());
  const badge = await screen.findByRole("status", { name: "Environment" });
  expect(badge).toHaveTextContent("Local sandbox");
  expect(badge).toHaveTextContent("not the real platform");
  expect(await screen.findByTestId("user-counts")).toHaveTextContent("11 users: 7 active, 3 invited, 1 blocked");
  expect(screen.getByTestId("signed-in")).toHaveTextContent("ada.admin@acme.example");
});

test("settings lists where the app keeps its files", async () => {
  renderApp(fakeBackend());
  await userEvent.click(screen.getByRole("button", { name: "Settings" }));
  expect(await screen.findByText(fakeInfo.logDir)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Settings" })).toHaveAttribute("aria-current", "page");
});

test("a backend failure is shown with what to do", async () => {
  renderApp(
    fakeBackend({
      appInfo: async () => {
        throw new BackendError({ code: "app_folder", message: "state missing" });
      },
    }),
  );
  expect(await screen.findByText(/state missing/)).toHaveTextContent("Restart the app");
});
