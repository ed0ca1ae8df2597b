// The one door to the Rust side. Everything in the UI talks to a `Backend`; the real one
// (tauriBackend.ts) calls the generated commands, tests hand in a fake.
import type { AppInfo, IpcError } from "./bindings";

export type { AppInfo, IpcError, IpcErrorCode } from "./bindings";

export interface Backend {
  appInfo(): Promise<AppInfo>;
}

/** An IPC error as an exception, so that callers can use try/catch and error boundaries. */
export class BackendError extends Error {
  readonly code: IpcError["code"];

  constructor(error: IpcError) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
  }
}
