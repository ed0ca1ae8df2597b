// The one door to the Rust side. Everything in the UI talks to a `Backend`; the real one
// (tauriBackend.ts) calls the generated commands, tests hand in a fake.
import type { AppInfo, IpcError, SignedIn, UserCounts } from "./bindings";

export type { AppInfo, IpcError, IpcErrorCode, SignedIn, UserCounts } from "./bindings";

export interface Backend {
  appInfo(): Promise<AppInfo>;
  /** Starts the embedded Local sandbox if needed and signs in as its administrator. */
  signInLocalSandbox(): Promise<SignedIn>;
  /** Users per status in the signed-in environment. */
  userCounts(): Promise<UserCounts>;
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
