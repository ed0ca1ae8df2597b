import { useState } from "react";

import { SettingsScreen } from "../features/settings/SettingsScreen";
import { WelcomeScreen } from "../features/welcome/WelcomeScreen";
import { Sidebar, type ScreenId } from "./Sidebar";

export function App() {
  const [screen, setScreen] = useState<ScreenId>("welcome");
  return (
    <div className="app-shell">
      <Sidebar current={screen} onNavigate={setScreen} />
      <main className="app-main" id="main" tabIndex={-1}>
        {screen === "welcome" && <WelcomeScreen onOpenSettings={() => setScreen("settings")} />}
        {screen === "settings" && <SettingsScreen />}
      </main>
    </div>
  );
}
