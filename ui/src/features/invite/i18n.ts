// Texts of this feature, English and Dutch (namespace "invite").
export const inviteTexts = {
  en: {},
  nl: {},
};
