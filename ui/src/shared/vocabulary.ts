// The words every feature shares: the roles, statuses and levels in the order the UI offers
// them (their texts are `common:role.*`, `common:status.*` and `common:level.*`).
import type { LevelView, RoleView, StatusView } from "../lib/ipc/backend";

export const ROLES: readonly RoleView[] = ["basic", "advanced", "administrator"];
export const STATUSES: readonly StatusView[] = ["invited", "active", "blocked"];
export const LEVELS: readonly LevelView[] = ["member", "administrator"];
