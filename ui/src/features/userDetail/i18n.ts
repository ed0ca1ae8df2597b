// Texts of this feature, English and Dutch (namespace "userDetail").
export const userDetailTexts = {
  en: {},
  nl: {},
};
