// Texts of this feature, English and Dutch (namespace "insights").
export const insightsTexts = {
  en: {},
  nl: {},
};
