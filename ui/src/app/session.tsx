// The signed-in environment, for every screen below the App.
import { createContext, useContext } from "react";

import type { SignedIn } from "../lib/ipc/backend";
import type { Route } from "./navigation";

export type SessionControls = {
  session: SignedIn;
  /**
   * Signs in to a saved environment (by name) or to the Local sandbox (`null`), and opens
   * `route` there (the overview when absent): a fix one click away in another environment.
   */
  switchTo: (environment: string | null, route?: Route) => Promise<void>;
  /** Signs out (wiping the cached data) and shows the sign-in screen. */
  signOut: () => Promise<void>;
};

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a signed-in App above it");
  return session;
}
