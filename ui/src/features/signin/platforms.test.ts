import type { Environment, Preset } from "../../lib/ipc/backend";
import { connectsVia, defaultName } from "./platforms";

const saved = (...names: string[]): Environment[] =>
  names.map((name) => ({ name, kind: "acceptance", apiUrl: "", identityUrl: "", clientId: "c", username: null }));

const acceptance: Preset = { kind: "acceptance", label: "eConnect Acceptance", apiUrl: "https://acc", identityUrl: "https://acc-id" };

test("the default name is the kind, else the first free numbered one", () => {
  expect(defaultName("acceptance", [])).toBe("acceptance");
  expect(defaultName("acceptance", saved("acceptance", "acceptance-2"))).toBe("acceptance-3");
  expect(defaultName("production", saved("acceptance"))).toBe("production");
});

test("a kind connects through its preset, typed URLs without one, and is unknown while presets load", () => {
  expect(connectsVia("acceptance", [acceptance])).toEqual({ via: "preset", preset: acceptance });
  expect(connectsVia("production", [acceptance])).toEqual({ via: "typed" });
  expect(connectsVia("custom", null)).toEqual({ via: "typed" });
  expect(connectsVia("acceptance", null)).toEqual({ via: "unknown" });
});
