import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../lib/ipc/BackendProvider";
import { BackendError, type Backend } from "../lib/ipc/backend";
import { createFakeBackend } from "../test/fakeBackend";
import { App } from "./App";

function renderApp(backend: Backend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

test("the first start signs in to the Local sandbox, marked as not the real platform", async () => {
  renderApp(createFakeBackend());
  // Its accessible name and tooltip hold all of it, also when the window shortens its text.
  const badge = await screen.findByRole("status", { name: /^Environment: Local sandbox · .+ · not the real platform$/ });
  expect(badge).toHaveTextContent("Local sandbox");
  expect(badge).toHaveTextContent("not the real platform");
  expect(badge).toHaveAttribute("title", badge.getAttribute("aria-label")?.replace(/^Environment: /, ""));
  expect(screen.getByTestId("signed-in")).toHaveTextContent("ada.admin@acme.example");
});

test("the side menu moves between screens and marks the current one", async () => {
  renderApp(createFakeBackend());
  await userEvent.click(await screen.findByRole("button", { name: "Settings" }));
  expect(screen.getByRole("button", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  expect(screen.getByRole("button", { name: "Users" })).not.toHaveAttribute("aria-current");
});

test("a refused sign-in shows the sign-in screen with the reason", async () => {
  renderApp(
    createFakeBackend({
      signInLocalSandbox: async () => {
        throw new BackendError({ code: "internal", message: "the Local sandbox cannot start: disk full" });
      },
    }),
  );
  expect(await screen.findByText(/disk full/)).toBeInTheDocument();
});

test("signing out shows the sign-in screen and is remembered for the next start", async () => {
  const backend = createFakeBackend();
  const { unmount } = renderApp(backend);
  await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));
  expect(screen.queryByRole("status", { name: /^Environment:/ })).not.toBeInTheDocument();
  unmount();
  let signedIn = false;
  renderApp({ ...backend, signInLocalSandbox: async () => ((signedIn = true), backend.signInLocalSandbox()) });
  await screen.findByText(/Local sandbox/);
  expect(signedIn).toBe(false);
});

test("the ? key shows the keyboard shortcuts", async () => {
  renderApp(createFakeBackend());
  await screen.findByRole("status", { name: /^Environment:/ });
  await userEvent.keyboard("?");
  expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveTextContent("New invitation");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
});
