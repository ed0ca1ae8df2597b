import { formatWhen } from "./formatWhen";

test("today shows the time in 24 hours, another day adds the date", () => {
  const now = new Date(2025, 2, 14, 16, 0);
  expect(formatWhen(new Date(2025, 2, 14, 14, 2).toISOString(), "en", now)).toBe("14:02");
  const earlier = formatWhen(new Date(2025, 2, 3, 9, 5).toISOString(), "en", now);
  expect(earlier).toContain("09:05");
  expect(earlier).toMatch(/Mar/);
  expect(formatWhen(new Date(2025, 2, 3, 9, 5).toISOString(), "nl", now)).toMatch(/mrt/);
});

test("a value that is not a date is shown as it came", () => {
  expect(formatWhen("soon", "en")).toBe("soon");
});
