// Texts of this feature, English and Dutch (namespace "signIn").
export const signInTexts = {
  en: {},
  nl: {},
};
