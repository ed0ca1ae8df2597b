// Texts of this feature, English and Dutch (namespace "settings").
export const settingsTexts = {
  en: {},
  nl: {},
};
