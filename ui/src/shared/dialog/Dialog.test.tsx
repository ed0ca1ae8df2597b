import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import { ConfirmDialog } from "./ConfirmDialog";
import { Dialog } from "./Dialog";

/** An opener button, its dialog, and inside it a second button that opens a nested one. */
function Harness({ onCloseOuter, stayOpen = false }: { onCloseOuter?: () => void; stayOpen?: boolean }) {
  const [outer, setOuter] = useState(false);
  const [inner, setInner] = useState(false);
  return (
    <>
      <button type="button">Before</button>
      <button type="button" onClick={() => setOuter(true)}>
        Open
      </button>
      {outer && (
        <Dialog
          title="Outer"
          onClose={
            stayOpen
              ? null
              : () => {
                  onCloseOuter?.();
                  setOuter(false);
                }
          }
          actions={
            <button type="button" onClick={() => setOuter(false)}>
              Done
            </button>
          }
        >
          <input aria-label="Name" data-autofocus />
          <button type="button" onClick={() => setInner(true)}>
            Nested
          </button>
          {inner && (
            <ConfirmDialog title="Sure?" confirmLabel="Yes" onConfirm={() => setInner(false)} onCancel={() => setInner(false)}>
              <p>Really?</p>
            </ConfirmDialog>
          )}
        </Dialog>
      )}
    </>
  );
}

test("a dialog is modal, named by its title, and takes the focus to [data-autofocus]", async () => {
  render(<Harness />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  const dialog = screen.getByRole("dialog", { name: "Outer" });
  expect(dialog).toHaveAttribute("aria-modal", "true");
  expect(screen.getByRole("textbox", { name: "Name" })).toHaveFocus();
});

test("Tab and Shift+Tab stay inside the dialog", async () => {
  render(<Harness />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  const name = screen.getByRole("textbox", { name: "Name" });
  const done = screen.getByRole("button", { name: "Done" });
  await userEvent.tab();
  expect(screen.getByRole("button", { name: "Nested" })).toHaveFocus();
  await userEvent.tab();
  expect(done).toHaveFocus();
  await userEvent.tab();
  expect(name).toHaveFocus();
  await userEvent.tab({ shift: true });
  expect(done).toHaveFocus();
  // Focus that got outside (a click behind the backdrop) comes back in with Tab.
  screen.getByRole("button", { name: "Before" }).focus();
  await userEvent.tab();
  expect(name).toHaveFocus();
});

test("from what is not a control (a scrolling body WebKit focuses), Tab and Shift+Tab still stay in; a radio group is one stop", async () => {
  render(
    <Dialog title="Choices" onClose={() => undefined} actions={<button type="button">Send</button>}>
      <div data-testid="text" tabIndex={-1}>
        A long text
      </div>
      {["basic", "advanced"].map((role) => (
        <label key={role}>
          <input type="radio" name="role" value={role} defaultChecked={role === "advanced"} />
          {role}
        </label>
      ))}
    </Dialog>,
  );
  const text = screen.getByTestId("text");
  const send = screen.getByRole("button", { name: "Send" });
  const advanced = screen.getByRole("radio", { name: "advanced" });
  text.focus();
  await userEvent.tab({ shift: true });
  expect(send).toHaveFocus();
  text.focus();
  await userEvent.tab();
  expect(advanced).toHaveFocus();
  await userEvent.tab();
  expect(send).toHaveFocus();
  await userEvent.tab({ shift: true });
  expect(advanced).toHaveFocus();
});

test("Escape closes the dialog and the focus goes back to its opener", async () => {
  const onClose = vi.fn();
  render(<Harness onCloseOuter={onClose} />);
  const open = screen.getByRole("button", { name: "Open" });
  await userEvent.click(open);
  await userEvent.keyboard("{Escape}");
  expect(onClose).toHaveBeenCalledTimes(1);
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(open).toHaveFocus();
});

test("closing by a button gives the focus back too", async () => {
  render(<Harness />);
  const open = screen.getByRole("button", { name: "Open" });
  await userEvent.click(open);
  await userEvent.click(screen.getByRole("button", { name: "Done" }));
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(open).toHaveFocus();
});

test("with a nested dialog, Escape closes only the topmost, and Tab stays in it", async () => {
  const onClose = vi.fn();
  render(<Harness onCloseOuter={onClose} />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  const nestedOpener = screen.getByRole("button", { name: "Nested" });
  await userEvent.click(nestedOpener);
  const confirm = screen.getByRole("alertdialog", { name: "Sure?" });
  expect(confirm).toHaveAccessibleDescription("Really?");
  // The safe choice has the focus.
  const cancel = within(confirm).getByRole("button", { name: "Cancel" });
  expect(cancel).toHaveFocus();
  await userEvent.tab();
  expect(within(confirm).getByRole("button", { name: "Yes" })).toHaveFocus();
  await userEvent.tab();
  expect(cancel).toHaveFocus();

  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  expect(screen.getByRole("dialog", { name: "Outer" })).toBeInTheDocument();
  expect(onClose).not.toHaveBeenCalled();
  expect(nestedOpener).toHaveFocus();

  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(onClose).toHaveBeenCalledTimes(1);
});

test("a dialog that must stay open ignores Escape and the backdrop, and does not pass Escape down", async () => {
  render(<Harness stayOpen />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  await userEvent.keyboard("{Escape}");
  const dialog = screen.getByRole("dialog", { name: "Outer" });
  await userEvent.pointer({ keys: "[MouseLeft]", target: dialog.parentElement as HTMLElement });
  expect(screen.getByRole("dialog", { name: "Outer" })).toBeInTheDocument();
});

test("a click on the backdrop closes, a click inside does not", async () => {
  const onClose = vi.fn();
  render(<Harness onCloseOuter={onClose} />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  const dialog = screen.getByRole("dialog", { name: "Outer" });
  await userEvent.click(dialog);
  expect(onClose).not.toHaveBeenCalled();
  await userEvent.pointer({ keys: "[MouseLeft]", target: dialog.parentElement as HTMLElement });
  expect(onClose).toHaveBeenCalledTimes(1);
});

test("the actions stay outside the scrolling body, and a form dialog submits from them", async () => {
  const onSubmit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
  render(
    <Dialog
      title="Form"
      onClose={() => undefined}
      onSubmit={onSubmit}
      actions={<button type="submit">Send</button>}
    >
      <input aria-label="Address" />
    </Dialog>,
  );
  const body = screen.getByRole("textbox", { name: "Address" }).closest(".dialog-body");
  const send = screen.getByRole("button", { name: "Send" });
  expect(body).not.toBeNull();
  expect(body?.contains(send)).toBe(false);
  await userEvent.click(send);
  expect(onSubmit).toHaveBeenCalledTimes(1);
});

test("when the control with the focus goes away (the dialog's content changed), the focus comes back into the dialog", async () => {
  function Changing() {
    const [step, setStep] = useState(1);
    return (
      <Dialog title="Steps" onClose={() => undefined} actions={step === 1 ? <button type="button" onClick={() => setStep(2)}>Next</button> : <button type="button">Finish</button>}>
        <p>Step {step}</p>
      </Dialog>
    );
  }
  render(<Changing />);
  const next = screen.getByRole("button", { name: "Next" });
  next.focus();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(screen.getByRole("button", { name: "Finish" })).toHaveFocus());
});

test("Shift+Tab as WebKitGTK reports it (key Unidentified, code Tab) stays inside too", async () => {
  render(<Harness />);
  await userEvent.click(screen.getByRole("button", { name: "Open" }));
  const name = screen.getByRole("textbox", { name: "Name" });
  expect(name).toHaveFocus();
  name.dispatchEvent(new KeyboardEvent("keydown", { key: "Unidentified", code: "Tab", shiftKey: true, bubbles: true, cancelable: true }));
  expect(screen.getByRole("button", { name: "Done" })).toHaveFocus();
});
