import { commands } from "./bindings";
import { BackendError, type Backend, type IpcError } from "./backend";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

function unwrap<T>(result: CommandResult<T>): T {
  if (result.status === "error") {
    throw new BackendError(result.error);
  }
  return result.data;
}

export const tauriBackend: Backend = {
  appInfo: async () => unwrap(await commands.appInfo()),
  signInLocalSandbox: async () => unwrap(await commands.signInLocalSandbox()),
  userCounts: async () => unwrap(await commands.userCounts()),
};
