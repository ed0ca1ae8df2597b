import { usersTexts } from "./i18n";

function keys(texts: object, prefix = ""): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test("every English text of the overview has a Dutch one, and no Dutch text is left over", () => {
  expect(keys(usersTexts.nl).sort()).toEqual(keys(usersTexts.en).sort());
  expect(keys(usersTexts.en).length).toBeGreaterThan(50);
});
