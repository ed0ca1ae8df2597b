import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { BackendProvider } from "../lib/ipc/BackendProvider";
import { createFakeBackend, type FakeBackend } from "../test/fakeBackend";
import { BackendEventsProvider } from "./backendEvents";
import { useLoadable, type LoadOptions } from "./useLoadable";

/** Answers `load` calls in whatever order the test resolves them. */
function controlledLoad() {
  const calls: { question: string; resolve: (value: string) => void; reject: (error: unknown) => void }[] = [];
  const load = (question: string) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ question, resolve, reject });
    });
  return { calls, load };
}

function Probe({ question, load, options }: { question: string; load: (question: string) => Promise<string>; options?: LoadOptions }) {
  const loaded = useLoadable(() => load(question), [question], options);
  return (
    <div>
      <p data-testid="state">
        {loaded.state}
        {loaded.state === "ready" && `:${loaded.value}${loaded.refreshing ? " (refreshing)" : ""}${loaded.refreshError ? " (refresh failed)" : ""}`}
        {loaded.state === "failed" && `:${String(loaded.error)}`}
      </p>
      <button type="button" onClick={loaded.reload}>
        Reload
      </button>
    </div>
  );
}

function renderProbe(fake: FakeBackend, props: Parameters<typeof Probe>[0]) {
  const view = render(
    <BackendProvider backend={fake}>
      <BackendEventsProvider>
        <Probe {...props} />
      </BackendEventsProvider>
    </BackendProvider>,
  );
  return {
    rerender: (next: Parameters<typeof Probe>[0]) =>
      view.rerender(
        <BackendProvider backend={fake}>
          <BackendEventsProvider>
            <Probe {...next} />
          </BackendEventsProvider>
        </BackendProvider>,
      ),
  };
}

const state = () => screen.getByTestId("state").textContent;

test("keeps the last value while asking again after a cache change, then shows the new one", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  renderProbe(fake, { question: "a", load });
  expect(state()).toBe("loading");
  await act(async () => calls[0]?.resolve("one"));
  expect(state()).toBe("ready:one");

  act(() => fake.emitCacheChanged());
  expect(calls).toHaveLength(2);
  expect(state()).toBe("ready:one (refreshing)");
  await act(async () => calls[1]?.resolve("two"));
  expect(state()).toBe("ready:two");
});

test("a failed refresh keeps the value and says so; a failed first load says why", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  renderProbe(fake, { question: "a", load });
  await act(async () => calls[0]?.reject("the cache is locked"));
  expect(state()).toBe("failed:the cache is locked");

  await userEvent.click(screen.getByRole("button", { name: "Reload" }));
  expect(state()).toBe("loading");
  await act(async () => calls[1]?.resolve("one"));
  act(() => fake.emitCacheChanged());
  await act(async () => calls[2]?.reject("offline"));
  expect(state()).toBe("ready:one (refresh failed)");
});

test("reload() asks again", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  renderProbe(fake, { question: "a", load });
  await act(async () => calls[0]?.resolve("one"));
  await userEvent.click(screen.getByRole("button", { name: "Reload" }));
  expect(calls).toHaveLength(2);
  await act(async () => calls[1]?.resolve("again"));
  expect(state()).toBe("ready:again");
});

test("an answer to an older question that arrives late is dropped", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  const { rerender } = renderProbe(fake, { question: "a", load });
  rerender({ question: "b", load });
  expect(calls.map((call) => call.question)).toEqual(["a", "b"]);
  await act(async () => calls[1]?.resolve("answer to b"));
  await act(async () => calls[0]?.resolve("answer to a"));
  expect(state()).toBe("ready:answer to b");
});

test("a new question shows loading, unless the previous value is to be kept", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  const { rerender } = renderProbe(fake, { question: "a", load });
  await act(async () => calls[0]?.resolve("A"));
  rerender({ question: "b", load });
  expect(state()).toBe("loading");
  await act(async () => calls[1]?.resolve("B"));
  rerender({ question: "c", load, options: { keepPreviousValue: true } });
  expect(state()).toBe("ready:B (refreshing)");
});

test("without refreshOnCacheChange, or while disabled, nothing is asked", async () => {
  const fake = createFakeBackend();
  const { calls, load } = controlledLoad();
  const { rerender } = renderProbe(fake, { question: "a", load, options: { refreshOnCacheChange: false } });
  await act(async () => calls[0]?.resolve("one"));
  act(() => fake.emitCacheChanged());
  expect(calls).toHaveLength(1);

  rerender({ question: "b", load, options: { enabled: false } });
  expect(calls).toHaveLength(1);
  rerender({ question: "b", load, options: { enabled: true } });
  expect(calls).toHaveLength(2);
});
