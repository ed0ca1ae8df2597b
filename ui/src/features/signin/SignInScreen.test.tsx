import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError, type Backend, type Environment, type NewEnvironment } from "../../lib/ipc/backend";
import { createFakeBackend } from "../../test/fakeBackend";
import { SignInScreen } from "./SignInScreen";

/** Renders the screen and waits until the saved environments and the presets are read. */
async function renderSignIn(
  backend: Backend,
  { error, onSignIn = vi.fn(async () => undefined) }: { error?: string; onSignIn?: (environment: string | null) => Promise<void> } = {},
) {
  render(
    <BackendProvider backend={backend}>
      <SignInScreen error={error} onSignIn={onSignIn} />
    </BackendProvider>,
  );
  await waitFor(() => expect(screen.queryByText("Loading…")).not.toBeInTheDocument());
  return onSignIn;
}

const acceptance: Environment = {
  name: "acceptance",
  kind: "acceptance",
  apiUrl: "https://acc-api.econnect.eu",
  identityUrl: "https://acc-identity.econnect.eu",
  clientId: "acme-client",
  username: "ada.admin@acme.example",
};
const production: Environment = { ...acceptance, name: "prod", kind: "production", username: null };

test("the Local sandbox button signs in to the Local sandbox", async () => {
  const onSignIn = await renderSignIn(createFakeBackend());
  expect(screen.getByRole("heading", { level: 1, name: "Sign in to eConnect Admin" })).toBeInTheDocument();
  const local = screen.getByTestId("signin-local-sandbox");
  expect(local).toHaveTextContent("no account needed. Not the real platform.");
  await userEvent.click(local);
  expect(onSignIn).toHaveBeenCalledWith(null);
});

test("adding an environment sends the whole form, secrets included, then signs in to it", async () => {
  const added: NewEnvironment[] = [];
  const fake = createFakeBackend();
  const addEnvironment = fake.addEnvironment;
  fake.addEnvironment = async (input) => {
    added.push(input);
    return addEnvironment(input);
  };
  const onSignIn = await renderSignIn(fake);
  const form = screen.getByTestId("add-environment");
  expect(form).toHaveTextContent("Your secrets go to the operating system's keychain, never to a file.");
  // The presets prefill the URLs.
  expect(await within(form).findByText(/https:\/\/acc-api\.econnect\.eu/)).toBeInTheDocument();
  await userEvent.type(within(form).getByLabelText("Client id"), "acme-client");
  const secret = within(form).getByLabelText("Client secret");
  expect(secret).toHaveAttribute("type", "password");
  await userEvent.type(secret, "s3cret!");
  await userEvent.type(within(form).getByLabelText(/Username/), "ada.admin@acme.example");
  await userEvent.type(within(form).getByLabelText(/Password/), "hunter2");
  await userEvent.click(within(form).getByRole("button", { name: "Sign in and save" }));

  expect(added).toEqual([
    {
      name: "acceptance",
      kind: "acceptance",
      apiUrl: "https://acc-api.econnect.eu",
      identityUrl: "https://acc-identity.econnect.eu",
      clientId: "acme-client",
      clientSecret: "s3cret!",
      username: "ada.admin@acme.example",
      password: "hunter2",
    },
  ]);
  expect(onSignIn).toHaveBeenCalledWith("acceptance");
  // The form lets go of the secrets once the keychain has them.
  expect(secret).toHaveValue("");
});

test("custom URLs are sent as typed, with a name the administrator chose", async () => {
  const added: NewEnvironment[] = [];
  const fake = createFakeBackend();
  fake.addEnvironment = async (input) => {
    added.push(input);
    return { ...acceptance, name: input.name, kind: input.kind };
  };
  const onSignIn = await renderSignIn(fake);
  const form = screen.getByTestId("add-environment");
  await userEvent.selectOptions(within(form).getByLabelText("Platform"), "custom");
  await userEvent.type(within(form).getByLabelText("API URL"), "https://api.example.com");
  await userEvent.type(within(form).getByLabelText("Identity URL"), "https://id.example.com");
  await userEvent.clear(within(form).getByLabelText("Name"));
  await userEvent.type(within(form).getByLabelText("Name"), "staging");
  await userEvent.type(within(form).getByLabelText("Client id"), "c");
  await userEvent.type(within(form).getByLabelText("Client secret"), "s");
  await userEvent.click(within(form).getByRole("button", { name: "Sign in and save" }));
  expect(added[0]).toMatchObject({ name: "staging", kind: "custom", apiUrl: "https://api.example.com", identityUrl: "https://id.example.com", username: null, password: null });
  expect(onSignIn).toHaveBeenCalledWith("staging");
});

test("a refused sign-in shows the platform's message and does not sign in", async () => {
  const onSignIn = await renderSignIn(
    createFakeBackend({
      addEnvironment: async () => {
        throw new BackendError({ code: "authentication", message: "The platform refused the client id or secret: check them with your eConnect contact" });
      },
    }),
  );
  const form = screen.getByTestId("add-environment");
  await userEvent.type(within(form).getByLabelText("Client id"), "wrong");
  await userEvent.type(within(form).getByLabelText("Client secret"), "wrong");
  await userEvent.click(within(form).getByRole("button", { name: "Sign in and save" }));
  expect(await within(form).findByRole("alert")).toHaveTextContent("The platform refused the sign-in, or the session ended: check the client id and secret");
  expect(onSignIn).not.toHaveBeenCalled();
  // The administrator can correct and retry without typing everything again.
  expect(within(form).getByLabelText("Client id")).toHaveValue("wrong");
});

test("a failed earlier attempt is shown prominently", async () => {
  await renderSignIn(createFakeBackend(), { error: "Could not sign in to prod: the platform cannot be reached" });
  expect(screen.getByRole("alert")).toHaveTextContent("the platform cannot be reached");
});

test("saved environments sign in by name, and production is unmistakable", async () => {
  const onSignIn = await renderSignIn(createFakeBackend({ listEnvironments: async () => [acceptance, production] }));
  const saved = await screen.findAllByTestId("signin-saved");
  expect(saved.map((button) => button.dataset.name)).toEqual(["acceptance", "prod"]);
  expect(saved[0]).toHaveTextContent("ada.admin@acme.example");
  expect(saved[1]).toHaveTextContent("Production");
  expect(saved[1]?.querySelector(".environment-production")).not.toBeNull();
  await userEvent.click(saved[1] as HTMLElement);
  expect(onSignIn).toHaveBeenCalledWith("prod");
  // A name already taken gets a free default in the add form.
  await userEvent.selectOptions(screen.getByLabelText("Platform"), "acceptance");
  expect(screen.getByLabelText("Name")).toHaveValue("acceptance-2");
});

test("removing a saved environment asks first, then removes it", async () => {
  const removed: string[] = [];
  let environments = [acceptance, production];
  const fake = createFakeBackend({
    listEnvironments: async () => environments,
    removeEnvironment: async (name) => {
      removed.push(name);
      environments = environments.filter((environment) => environment.name !== name);
    },
  });
  await renderSignIn(fake);
  const removeButtons = await screen.findAllByTestId("signin-remove");
  await userEvent.click(removeButtons[1] as HTMLElement);
  const dialog = screen.getByRole("alertdialog", { name: "Remove prod?" });
  expect(dialog).toHaveTextContent("keychain");
  await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(removed).toEqual([]);
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();

  await userEvent.click(screen.getAllByTestId("signin-remove")[1] as HTMLElement);
  await userEvent.click(screen.getByTestId("signin-remove-confirm"));
  expect(removed).toEqual(["prod"]);
  await vi.waitFor(() => expect(screen.getAllByTestId("signin-saved")).toHaveLength(1));
});
