import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../../lib/ipc/BackendProvider";
import { BackendError } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, type FakeBackend } from "../../test/fakeBackend";
import { ImportDialog } from "./ImportDialog";

function renderDialog(fake: FakeBackend = createFakeBackend(), onClose = vi.fn()) {
  render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <ImportDialog onClose={onClose} />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return { fake, onClose };
}

const file = (text: string, name = "people.csv") => new File([text], name, { type: "text/csv" });
const rows = () => screen.queryAllByTestId("import-row");

test("a file is previewed row by row and nothing is sent until confirmed", async () => {
  const importRun = vi.fn();
  const fake = createFakeBackend();
  const run = fake.importRun;
  fake.importRun = (...args) => {
    importRun();
    return run(...args);
  };
  renderDialog(fake);
  await userEvent.upload(screen.getByTestId("import-file"), file("email\nnew.one@acme.example\nnot-an-address\nnew.two@acme.example\n"));
  await waitFor(() => expect(rows()).toHaveLength(3));
  expect(screen.getByTestId("import-summary")).toHaveTextContent("people.csv: 3 rows, UTF-8, comma-separated");
  expect(screen.getByTestId("import-count-invite")).toHaveTextContent("Will invite: 2");
  expect(screen.getByTestId("import-count-error")).toHaveTextContent("Error: 1");
  expect(rows().map((row) => [row.dataset.line, row.dataset.verdict])).toEqual([
    ["2", "invite"],
    ["3", "error"],
    ["4", "invite"],
  ]);
  expect(importRun).not.toHaveBeenCalled();

  await userEvent.click(screen.getByTestId("import-only-problems"));
  await waitFor(() => expect(rows()).toHaveLength(1));
  expect(rows()[0]).toHaveTextContent("not an email address");

  await userEvent.click(screen.getByTestId("import-run"));
  expect(importRun).toHaveBeenCalledTimes(1);
  const report = await screen.findByTestId("import-report");
  expect(report).toHaveTextContent("2 sent, 0 queued, 0 skipped, 1 failed");
  expect(screen.getByTestId("import-results-file")).toHaveTextContent("people - results.csv");
  await waitFor(() => expect(rows()[0]).toHaveAttribute("data-result", "failed"));

  // Retry the failed rows: a new preview of only them.
  await userEvent.click(screen.getByTestId("import-retry"));
  await waitFor(() => expect(screen.getByTestId("import-dialog")).toHaveAttribute("data-step", "preview"));
  await waitFor(() => expect(rows()).toHaveLength(1));
  expect(screen.getByTestId("import-run")).toBeDisabled();
  expect(screen.getByText("Nothing to send: every row is skipped or has an error.")).toBeInTheDocument();
});

test("a file the back end cannot read says why and stays on the choice", async () => {
  const fake = createFakeBackend({
    importPreview: async () => {
      throw new BackendError({ code: "invalid_input", message: "this is not a text file (it looks like an Excel workbook (.xlsx) or another ZIP file)", platformCode: null });
    },
  });
  renderDialog(fake);
  await userEvent.upload(screen.getByTestId("import-file"), file("PK", "people.xlsx"));
  expect(await screen.findByText(/Excel workbook/)).toBeInTheDocument();
  expect(screen.getByTestId("import-dialog")).toHaveAttribute("data-step", "choose");
  expect(within(screen.getByTestId("import-dialog")).getByTestId("import-file")).toBeEnabled();
});

test("Cancel asks the back end to stop the running import", async () => {
  let finish: (value: Awaited<ReturnType<FakeBackend["importRun"]>>) => void = () => undefined;
  const cancelOperation = vi.fn(async () => undefined);
  const fake = createFakeBackend({
    cancelOperation,
    importRun: () => new Promise((resolve) => (finish = resolve)),
  });
  renderDialog(fake);
  await userEvent.upload(screen.getByTestId("import-file"), file("email\na@acme.example\n"));
  await userEvent.click(await screen.findByTestId("import-run"));
  await userEvent.click(await screen.findByTestId("import-cancel"));
  expect(cancelOperation).toHaveBeenCalledWith(expect.stringMatching(/^import-/));
  expect(screen.getByText("Cancelling: finishing what is in flight…")).toBeInTheDocument();
  finish({ sent: 0, queued: 0, skipped: 0, failed: 1, resultsFile: null, resultsFileError: null });
  expect(await screen.findByTestId("import-report")).toHaveTextContent("0 sent, 0 queued, 0 skipped, 1 failed");
});

test("what happens to a row is said in the window's language", async () => {
  const { default: i18n } = await import("../../i18n");
  await i18n.changeLanguage("nl");
  try {
    renderDialog();
    await userEvent.upload(screen.getByTestId("import-file"), file("email\nnieuw@acme.example\n"));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent("wordt uitgenodigd als Basisgebruiker, zonder organisaties");
    expect(screen.getByTestId("import-count-invite")).toHaveTextContent("Wordt uitgenodigd: 1");
  } finally {
    await i18n.changeLanguage("en");
  }
});
