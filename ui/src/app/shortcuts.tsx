// Keyboard shortcuts: new invitation, search, the environment switcher, navigation, and
// this cheat sheet. Escape
// belongs to the dialogs (shared/dialog/).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

import { Dialog, DialogCloseButton } from "../shared/dialog/Dialog";
import { isDialogOpen } from "../shared/dialog/dialogStack";
import { ShortcutTable } from "../shared/ShortcutTable";
import { SCREENS, type Route } from "./navigation";

/** The id of the overview's search box (the search shortcut focuses it). */
export const USER_SEARCH_ID = "user-search";

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

function focusSearchSoon() {
  // After the overview has rendered.
  window.setTimeout(() => document.getElementById(USER_SEARCH_ID)?.focus(), 50);
}

export function useShortcuts({
  navigate,
  showHelp,
  openSwitcher,
}: {
  navigate: (route: Route) => void;
  showHelp: () => void;
  openSwitcher: () => void;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // A modal dialog is open: the app behind it waits (the dialog handles Escape itself).
      if (isDialogOpen() || event.defaultPrevented) return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^[1-6]$/.test(event.key)) {
        const screen = SCREENS[Number(event.key) - 1];
        if (screen) {
          event.preventDefault();
          navigate({ screen });
        }
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "f") {
        event.preventDefault();
        navigate({ screen: "users" });
        focusSearchSoon();
        return;
      }
      if (mod && event.key.toLowerCase() === "k") {
        event.preventDefault();
        openSwitcher();
        return;
      }
      if (mod && event.key.toLowerCase() === "n") {
        event.preventDefault();
        navigate({ screen: "users", invite: true });
        return;
      }
      if (mod || event.altKey || isTyping(event.target)) return;
      if (event.key === "/") {
        event.preventDefault();
        navigate({ screen: "users" });
        focusSearchSoon();
      } else if (event.key === "n") {
        event.preventDefault();
        navigate({ screen: "users", invite: true });
      } else if (event.key === "?") {
        event.preventDefault();
        showHelp();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, showHelp, openSwitcher]);
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ["N / Ctrl+N", t("shortcuts.newInvitation")],
    ["/ / Ctrl+F", t("shortcuts.search")],
    ["Ctrl+K", t("shortcuts.switchEnvironment")],
    ...SCREENS.map((screen, index): [string, string] => [`Alt+${index + 1}`, t("shortcuts.goto", { screen: t(`nav.${screen}`) })]),
    ["?", t("shortcuts.help")],
    ["Esc", t("shortcuts.closeDialog")],
  ];
  return (
    <Dialog
      title={t("shortcuts.title")}
      onClose={onClose}
      className="shortcuts-dialog"
      testId="shortcuts-dialog"
      actions={<DialogCloseButton onClose={onClose} />}
    >
      <ShortcutTable rows={rows} />
    </Dialog>
  );
}
