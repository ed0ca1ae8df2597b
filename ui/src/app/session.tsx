// The signed-in environment, for every screen below the App.
import { createContext, useContext } from "react";

import type { SignedIn } from "../lib/ipc/backend";

export type SessionControls = {
  session: SignedIn;
  /** Signs in to a saved environment (by name) or to the Local sandbox (`null`). */
  switchTo: (environment: string | null) => Promise<void>;
  /** Signs out (wiping the cached data) and shows the sign-in screen. */
  signOut: () => Promise<void>;
};

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a signed-in App above it");
  return session;
}
