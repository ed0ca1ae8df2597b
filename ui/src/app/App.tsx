import { useState } from "react";

import { SettingsScreen } from "../features/settings/SettingsScreen";
import { WelcomeScreen } from "../features/welcome/WelcomeScreen";
import { useBackend } from "../lib/ipc/BackendProvider";
import { EnvironmentBadge } from "../shared/EnvironmentBadge";
import { useLoadable } from "../shared/useLoadable";
import { Sidebar, type ScreenId } from "./Sidebar";

export function App() {
  const [screen, setScreen] = useState<ScreenId>("welcome");
  const backend = useBackend();
  // Until the sign-in screen exists, the app opens on the embedded Local sandbox.
  const session = useLoadable(() => backend.signInLocalSandbox(), [backend]);
  const signedIn = session.state === "ready" ? session.value : null;
  return (
    <div className="app-shell">
      <Sidebar current={screen} onNavigate={setScreen} />
      <div className="app-column">
        <header className="app-header">
          {signedIn && <EnvironmentBadge session={signedIn} />}
          {session.state === "loading" && <span className="muted">Starting the Local sandbox…</span>}
          {session.state === "failed" && (
            <span role="alert" className="error-text">
              Could not sign in to the Local sandbox: {session.message}
            </span>
          )}
        </header>
        <main className="app-main" id="main" tabIndex={-1}>
          {screen === "welcome" && <WelcomeScreen session={signedIn} onOpenSettings={() => setScreen("settings")} />}
          {screen === "settings" && <SettingsScreen />}
        </main>
      </div>
    </div>
  );
}
