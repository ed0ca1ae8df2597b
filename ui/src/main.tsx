import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/App";
import { applySavedTheme } from "./features/settings/theme";
import { BackendProvider } from "./lib/ipc/BackendProvider";
import { tauriBackend } from "./lib/ipc/tauriBackend";
import "./i18n";
import "./styles.css";

applySavedTheme();
const root = document.getElementById("root");
if (!root) {
  throw new Error("index.html has no #root element");
}
createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={tauriBackend}>
      <App />
    </BackendProvider>
  </StrictMode>,
);
