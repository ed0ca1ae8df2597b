// Texts of this feature, English and Dutch (namespace "organisations").
export const organisationsTexts = {
  en: {},
  nl: {},
};
