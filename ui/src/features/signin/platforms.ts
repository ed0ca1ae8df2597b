// What the add-environment form needs to know about platforms, as plain functions: the kinds
// one can add, a free default name, and where a kind connects to (its preset, or typed URLs).
import type { Environment, EnvironmentKindView, Preset } from "../../lib/ipc/backend";

export type AddKind = Extract<EnvironmentKindView, "acceptance" | "production" | "custom">;
export const ADD_KINDS: AddKind[] = ["acceptance", "production", "custom"];

/** A name the Rust side accepts (letters, digits, `.`, `-`, `_`) that is not taken yet. */
export function defaultName(kind: AddKind, saved: Environment[]): string {
  const taken = new Set(saved.map((environment) => environment.name));
  if (!taken.has(kind)) return kind;
  let n = 2;
  while (taken.has(`${kind}-${n}`)) n += 1;
  return `${kind}-${n}`;
}

/** How a kind connects: through its preset, with typed URLs, or not known yet (presets loading). */
export type Connects = { via: "preset"; preset: Preset } | { via: "typed" } | { via: "unknown" };

/** `presets` is `null` while they are read; without a preset for a kind, the URLs are typed. */
export function connectsVia(kind: AddKind, presets: Preset[] | null): Connects {
  if (kind === "custom") return { via: "typed" };
  if (presets === null) return { via: "unknown" };
  const preset = presets.find((candidate) => candidate.kind === kind);
  return preset ? { via: "preset", preset } : { via: "typed" };
}
