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

function renderApp(backend: Backend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

test("the first screen shows the product name and the version from the backend", async () => {
  renderApp({ appInfo: async () => fakeInfo });
  expect(screen.getByRole("heading", { level: 1, name: "eConnect Admin" })).toBeInTheDocument();
  expect(await screen.findByText("Version 9.8.7")).toBeInTheDocument();
});

test("settings lists where the app keeps its files", async () => {
  renderApp({ appInfo: async () => fakeInfo });
  await userEvent.click(screen.getByRole("button", { name: "Settings" }));
  expect(await screen.findByText(fakeInfo.logDir)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Settings" })).toHaveAttribute("aria-current", "page");
});

test("a backend failure is shown with what to do", async () => {
  renderApp({
    appInfo: async () => {
      throw new BackendError({ code: "app_folder", message: "state missing" });
    },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("state missing");
  expect(screen.getByRole("alert")).toHaveTextContent("Restart the app");
});
