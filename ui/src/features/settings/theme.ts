// The appearance the administrator chose: follow the OS (the default), or always light or
// dark. A preference of this computer, kept in localStorage; the CSS reads
// `<html data-theme>`.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = "ecadmin.theme";

/** The saved choice; "system" when there is none (or it is unreadable). */
export function savedTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

/** Shows the app in `theme` at once, without saving it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** Saves the choice and applies it. */
export function setTheme(theme: Theme): void {
  if (theme === "system") globalThis.localStorage?.removeItem(THEME_KEY);
  else globalThis.localStorage?.setItem(THEME_KEY, theme);
  applyTheme(theme);
}

/** For start-up (main.tsx): applies the saved choice before the first paint. */
export function applySavedTheme(): void {
  applyTheme(savedTheme());
}
