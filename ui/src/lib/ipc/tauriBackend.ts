// The real backend: every generated command, unwrapped (an error answer becomes a
// `BackendError`), plus the event listeners. Commands are wrapped generically, so a new
// command on the Rust side needs no edit here.
import { commands, events } from "./bindings";
import { BackendError, QUERY_DEFAULTS, type Backend, type BackendCommands, type CommandResult } from "./backend";

/** Whether an answer is a fallible command's result (infallible ones answer their data). */
function isCommandResult(answer: unknown): answer is CommandResult<unknown> {
  if (typeof answer !== "object" || answer === null || !("status" in answer)) return false;
  return (answer.status === "ok" && "data" in answer) || (answer.status === "error" && "error" in answer);
}

function unwrapCommand(command: (...args: never[]) => Promise<unknown>) {
  return async (...args: never[]) => {
    const answer = await command(...args);
    if (!isCommandResult(answer)) return answer;
    if (answer.status === "error") throw new BackendError(answer.error);
    return answer.data;
  };
}

/** Every function of `commands`, unwrapped. */
function unwrapAll(all: typeof commands): BackendCommands {
  return Object.fromEntries(
    Object.entries(all).map(([name, command]) => [name, unwrapCommand(command as (...args: never[]) => Promise<unknown>)]),
  ) as BackendCommands;
}


const unwrapped = unwrapAll(commands);

export const tauriBackend: Backend = {
  ...unwrapped,
  searchUsers: (query) => unwrapped.searchUsers({ ...QUERY_DEFAULTS, ...query }),

  onCacheChanged: (listener) => events.cacheChanged.listen((event) => listener(event.payload)),
  onConnectionChanged: (listener) => events.connectionView.listen((event) => listener(event.payload)),
  onProgress: (listener) => events.progress.listen((event) => listener(event.payload)),
  onEnvironmentStatus: (listener) => events.environmentStatusView.listen((event) => listener(event.payload)),
  onEverywhereProgress: (listener) => events.everywhereProgress.listen((event) => listener(event.payload)),
};
