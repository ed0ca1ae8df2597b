// Texts of this feature, English and Dutch (namespace "sync").
export const syncTexts = {
  en: {},
  nl: {},
};
