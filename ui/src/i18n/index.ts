// English and Dutch. Each feature keeps its texts next to its code (`features/<f>/i18n.ts`,
// one namespace per feature); this file gathers them. The language follows the OS unless the
// administrator picked one in Settings (remembered in localStorage: a preference, not data).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { activityTexts } from "../features/activity/i18n";
import { importTexts } from "../features/import/i18n";
import { insightsTexts } from "../features/insights/i18n";
import { inviteTexts } from "../features/invite/i18n";
import { organisationsTexts } from "../features/organisations/i18n";
import { peopleTexts } from "../features/people/i18n";
import { settingsTexts } from "../features/settings/i18n";
import { signInTexts } from "../features/signin/i18n";
import { syncTexts } from "../features/sync/i18n";
import { userDetailTexts } from "../features/userDetail/i18n";
import { usersTexts } from "../features/users/i18n";
import { errorTexts } from "../shared/errors/i18n";
import { commonTexts } from "./common";

export const LANGUAGES = ["en", "nl"] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_KEY = "ecadmin.language";

export const namespaces = {
  common: commonTexts,
  errors: errorTexts,
  signIn: signInTexts,
  users: usersTexts,
  invite: inviteTexts,
  import: importTexts,
  userDetail: userDetailTexts,
  organisations: organisationsTexts,
  insights: insightsTexts,
  activity: activityTexts,
  people: peopleTexts,
  sync: syncTexts,
  settings: settingsTexts,
};

/** The saved choice, else the OS language when it is Dutch, else English. */
export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(LANGUAGE_KEY);
  if (saved === "en" || saved === "nl") return saved;
  const os = globalThis.navigator?.language ?? "en";
  return os.toLowerCase().startsWith("nl") ? "nl" : "en";
}

export function setLanguage(language: Language): Promise<unknown> {
  globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

const resources = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.fromEntries(Object.entries(namespaces).map(([ns, texts]) => [ns, texts[language]])),
  ]),
);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  defaultNS: "common",
  ns: Object.keys(namespaces),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
