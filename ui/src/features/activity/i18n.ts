// Texts of this feature, English and Dutch (namespace "activity").
export const activityTexts = {
  en: {},
  nl: {},
};
