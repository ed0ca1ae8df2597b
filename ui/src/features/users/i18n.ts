// Texts of this feature, English and Dutch (namespace "users").
export const usersTexts = {
  en: {},
  nl: {},
};
