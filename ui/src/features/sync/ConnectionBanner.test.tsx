import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../../lib/ipc/BackendProvider";
import type { Backend, PendingChange, Resolution } from "../../lib/ipc/backend";
import { BackendEventsProvider } from "../../shared/backendEvents";
import { createFakeBackend, type FakeBackend } from "../../test/fakeBackend";
import { ConnectionBanner } from "./ConnectionBanner";

function renderBanner(fake: FakeBackend) {
  return render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <ConnectionBanner />
      </BackendEventsProvider>
    </BackendProvider>,
  );
}

/** Today at hh:mm, local time, as the Rust side sends it. */
function today(hours: number, minutes: number): string {
  const at = new Date();
  at.setHours(hours, minutes, 0, 0);
  return at.toISOString();
}

const online = { online: true, offlineSince: null, lastSyncedAt: today(9, 30), nPending: 0, nConflicts: 0 };

function change(partial: Partial<PendingChange> & { seq: number }): PendingChange {
  return {
    kind: "setRole",
    conflict: false,
    userId: "u-bob",
    email: "bob.baker@acme.example",
    role: "advanced",
    level: null,
    organisationId: null,
    value: null,
    createdAt: today(9, 45),
    attempts: 0,
    problem: null,
    problemCode: null,
    ...partial,
  };
}

test("online with nothing waiting: a slim line with the last sync and Sync now", async () => {
  const fake = createFakeBackend();
  fake.connection = online;
  let synced = 0;
  fake.syncNow = async () => (synced++, { full: false, changesPulled: 0, pushed: 0, conflicts: 0, rejected: 0, offline: false });
  renderBanner(fake);
  const banner = await screen.findByTestId("connection-banner");
  expect(banner).toHaveAttribute("data-state", "online");
  expect(banner).toHaveTextContent("Synced 09:30");
  expect(screen.queryByTestId("open-pending")).not.toBeInTheDocument();
  await userEvent.click(screen.getByTestId("sync-now"));
  expect(synced).toBe(1);
  expect(await screen.findByText("Up to date")).toBeInTheDocument();
});

test("Sync now while offline says the changes stay queued", async () => {
  const fake = createFakeBackend();
  fake.connection = { ...online, online: false, offlineSince: today(14, 2) };
  renderBanner(fake);
  await userEvent.click(await screen.findByTestId("sync-now"));
  expect(await screen.findByTestId("sync-result")).toHaveTextContent("Offline: changes stay queued");
});

test("going offline shows when, which data, and that changes are queued", async () => {
  const fake = createFakeBackend();
  renderBanner(fake);
  const banner = await screen.findByTestId("connection-banner");
  expect(banner).toHaveAttribute("data-state", "online");
  act(() => fake.emitConnection({ online: false, offlineSince: today(14, 2), lastSyncedAt: today(14, 1), nPending: 0, nConflicts: 0 }));
  expect(banner).toHaveAttribute("data-state", "offline");
  expect(screen.getByTestId("connection-message")).toHaveAttribute("role", "status");
  expect(screen.getByTestId("connection-message")).toHaveTextContent(
    "Offline since 14:02 — showing data from 14:01. Changes you make are queued and sent when the connection returns.",
  );
  act(() => fake.emitConnection(online));
  expect(banner).toHaveAttribute("data-state", "online");
  expect(banner).not.toHaveTextContent("Offline");
});

test("waiting changes are counted with plurals", async () => {
  const fake = createFakeBackend();
  renderBanner(fake);
  const banner = await screen.findByTestId("connection-banner");
  act(() => fake.emitConnection({ ...online, nPending: 1 }));
  expect(banner).toHaveAttribute("data-state", "pending");
  expect(banner).toHaveTextContent("1 change waiting to be sent");
  act(() => fake.emitConnection({ ...online, nPending: 3 }));
  expect(banner).toHaveTextContent("3 changes waiting to be sent");
  expect(screen.getByTestId("open-pending")).toHaveTextContent("Review");
});

test("an event that comes before the first answer is not overwritten by it", async () => {
  let answer: (value: FakeBackend["connection"]) => void = () => undefined;
  const fake = createFakeBackend();
  fake.connectionState = () => new Promise((resolve) => (answer = resolve));
  renderBanner(fake);
  await act(async () => fake.emitConnection({ ...online, nPending: 2 }));
  await act(async () => answer(online));
  expect(screen.getByTestId("connection-banner")).toHaveAttribute("data-state", "pending");
});

test("it stops listening when it goes away", async () => {
  const fake = createFakeBackend();
  let stopped = false;
  const listen = fake.onConnectionChanged;
  fake.onConnectionChanged = async (listener) => {
    const stop = await listen(listener);
    return () => ((stopped = true), stop());
  };
  const { unmount } = renderBanner(fake);
  await screen.findByTestId("connection-banner");
  unmount();
  await vi.waitFor(() => expect(stopped).toBe(true));
});

test("a conflict opens the review dialog, where Keep mine sends the change again", async () => {
  const resolved: [number, Resolution][] = [];
  let pending: PendingChange[] = [
    change({ seq: 7, conflict: true, attempts: 2, problem: "Bob's role was changed elsewhere to Administrator." }),
    change({ seq: 8, kind: "invite", email: "new.hire@acme.example", role: "basic", userId: null }),
    change({ seq: 9, kind: "setMember", organisationId: "org-retail", level: "member", email: "carol.clark@acme.example" }),
  ];
  const overrides: Partial<Backend> = {
    pendingChanges: async () => pending,
    resolveChange: async (seq, resolution) => {
      resolved.push([seq, resolution]);
      pending = pending.filter((candidate) => candidate.seq !== seq);
    },
  };
  const fake = createFakeBackend(overrides);
  fake.connection = { ...online, nPending: 3, nConflicts: 1 };
  renderBanner(fake);
  const banner = await screen.findByTestId("connection-banner");
  expect(banner).toHaveAttribute("data-state", "conflict");
  expect(banner).toHaveTextContent("1 change conflicts: changed elsewhere");

  const review = screen.getByTestId("open-pending");
  await userEvent.click(review);
  const dialog = screen.getByRole("dialog", { name: "Waiting changes" });
  expect(dialog).toHaveAttribute("data-testid", "pending-dialog");
  const rows = await within(dialog).findAllByTestId("pending-change");
  expect(rows.map((row) => [row.dataset.seq, row.dataset.conflict])).toEqual([
    ["7", "true"],
    ["8", "false"],
    ["9", "false"],
  ]);
  expect(rows[0]).toHaveTextContent("Change role of bob.baker@acme.example to Advanced user");
  expect(rows[0]).toHaveTextContent("2 attempts");
  expect(rows[0]).toHaveTextContent("changed elsewhere to Administrator");
  expect(rows[1]).toHaveTextContent("Invite new.hire@acme.example as Basic user");
  expect(await within(rows[2] as HTMLElement).findByText(/Add carol.clark@acme.example to organisation Acme Retail as Member/)).toBeInTheDocument();
  expect(dialog).toHaveTextContent("send your change again, on top of what was changed elsewhere");

  await userEvent.click(within(rows[0] as HTMLElement).getByTestId("resolve-keep-mine"));
  expect(resolved).toEqual([[7, "keepMine"]]);
  await vi.waitFor(() => expect(within(dialog).getAllByTestId("pending-change")).toHaveLength(2));

  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(review).toHaveFocus();
});

test("Take theirs and Discard settle changes too; Discard asks first", async () => {
  const resolved: [number, Resolution][] = [];
  const fake = createFakeBackend({
    pendingChanges: async () => [change({ seq: 3, conflict: true, problem: "changed elsewhere" }), change({ seq: 4, kind: "block", role: null })],
    resolveChange: async (seq, resolution) => void resolved.push([seq, resolution]),
  });
  fake.connection = { ...online, online: false, offlineSince: today(8, 0), nPending: 2, nConflicts: 1 };
  renderBanner(fake);
  await userEvent.click(await screen.findByTestId("open-pending"));
  const rows = await screen.findAllByTestId("pending-change");
  expect(rows[1]).toHaveTextContent("Block bob.baker@acme.example");
  await userEvent.click(within(rows[0] as HTMLElement).getByTestId("resolve-take-theirs"));
  await userEvent.click(within(rows[1] as HTMLElement).getByTestId("resolve-discard"));
  expect(resolved).toEqual([[3, "takeTheirs"]]);
  expect(rows[1]).toHaveTextContent("Discard this change? It will not be sent.");
  await userEvent.click(within(rows[1] as HTMLElement).getByTestId("resolve-discard-confirm"));
  expect(resolved).toEqual([
    [3, "takeTheirs"],
    [4, "discard"],
  ]);
});

test("the dialog re-reads the waiting changes when the cache changes", async () => {
  let pending: PendingChange[] = [change({ seq: 1 })];
  const fake = createFakeBackend({ pendingChanges: async () => pending });
  fake.connection = { ...online, nPending: 1 };
  renderBanner(fake);
  await userEvent.click(await screen.findByTestId("open-pending"));
  expect(await screen.findAllByTestId("pending-change")).toHaveLength(1);
  pending = [];
  act(() => fake.emitCacheChanged({ all: false, outbox: true }));
  expect(await screen.findByText("Nothing is waiting: every change has reached the platform.")).toBeInTheDocument();
});

test("a conflict is shown in Dutch by its code, not in the platform's English words", async () => {
  const { default: i18n } = await import("../../i18n");
  await act(() => i18n.changeLanguage("nl"));
  try {
    const fake = createFakeBackend({
      pendingChanges: async () => [
        change({ seq: 7, conflict: true, problem: "Changed elsewhere: the user was changed by someone else", problemCode: "stale_version" }),
      ],
    });
    fake.connection = { ...online, nPending: 1, nConflicts: 1 };
    renderBanner(fake);
    await userEvent.click(await screen.findByTestId("open-pending"));
    const row = (await screen.findAllByTestId("pending-change"))[0] as HTMLElement;
    expect(row).toHaveTextContent("Iemand heeft dit intussen elders gewijzigd");
    expect(row).not.toHaveTextContent("changed by someone else");
  } finally {
    await act(() => i18n.changeLanguage("en"));
  }
});

test("online it sits in the side menu's slot; offline it moves across the top, keeping the focus on Sync now", async () => {
  const fake = createFakeBackend();
  fake.connection = online;
  fake.syncNow = async () => {
    fake.connection = { ...online, online: false, offlineSince: today(9, 40) };
    fake.emitConnection(fake.connection);
    return { full: false, changesPulled: 0, pushed: 0, conflicts: 0, rejected: 0, offline: true };
  };
  const slot = document.createElement("div");
  document.body.append(slot);
  const { container } = render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <ConnectionBanner onlineSlot={slot} />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  const banner = await screen.findByTestId("connection-banner");
  expect(slot).toContainElement(banner);
  expect(container).not.toContainElement(banner);
  await userEvent.click(screen.getByTestId("sync-now"));
  const moved = await screen.findByTestId("connection-banner");
  expect(await screen.findByText(/Offline since/)).toBeInTheDocument();
  expect(moved).toHaveAttribute("data-state", "offline");
  expect(container).toContainElement(moved);
  expect(slot).toBeEmptyDOMElement();
  expect(screen.getByTestId("sync-now")).toHaveFocus();
  slot.remove();
});
