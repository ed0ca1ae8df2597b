// The fake backend's many environments: the signed-in demo and three client environments
// of an accountant's practice (one not saved yet, one offline with a change waiting), a
// freelancer in several of them, and the run everywhere with its per-environment events.
// Refusals are worded as the Rust side words them.
import type {
  CrossInsights,
  DiscoveredEnvironment,
  EnvironmentStatus,
  EverywhereProgress,
  EverywhereView,
  PersonAccess,
} from "../lib/ipc/backend";

const now = () => new Date().toISOString();

export function practiceStatuses(): EnvironmentStatus[] {
  const status = (environment: string, environmentName: string, partial: Partial<EnvironmentStatus> = {}): EnvironmentStatus => ({
    environment,
    environmentName,
    kind: "local-sandbox",
    state: "synced",
    lastSyncedAt: now(),
    waiting: 0,
    conflicts: 0,
    message: null,
    current: false,
    ...partial,
  });
  return [
    status("Local sandbox", "Acme Demo", { current: true }),
    status("bakkerij-de-vries-bv", "Bakkerij de Vries BV"),
    status("jansen-installatietechniek", "Jansen Installatietechniek", { state: "offline", waiting: 2 }),
  ];
}

export function practiceDiscovered(): DiscoveredEnvironment[] {
  return [
    { id: "acme", name: "Acme Demo", role: "administrator", current: true, savedAs: "Local sandbox" },
    { id: "practice-01", name: "Bakkerij de Vries BV", role: "administrator", current: false, savedAs: "bakkerij-de-vries-bv" },
    { id: "practice-02", name: "Jansen Installatietechniek", role: "administrator", current: false, savedAs: "jansen-installatietechniek" },
    { id: "practice-03", name: "Hoveniersbedrijf Groen", role: "administrator", current: false, savedAs: null },
  ];
}

/** Bas Bakker, Basic user in two clients; Carla Smit, Advanced in one and the only administrator of another. */
export function practicePeople(): PersonAccess[] {
  const row = (environment: string, environmentName: string, email: string, name: string, partial: Partial<PersonAccess> = {}): PersonAccess => ({
    environment,
    environmentName,
    email,
    name,
    role: "basic",
    status: "active",
    organisations: [{ id: `${environment}-org`, name: `${environmentName} Administratie`, level: "member" }],
    lastSyncedAt: now(),
    ...partial,
  });
  return [
    row("bakkerij-de-vries-bv", "Bakkerij de Vries BV", "bas.bakker@boekhoudhulp.example", "Bas Bakker"),
    row("jansen-installatietechniek", "Jansen Installatietechniek", "bas.bakker@boekhoudhulp.example", "Bas Bakker", { organisations: [] }),
    row("bakkerij-de-vries-bv", "Bakkerij de Vries BV", "carla.smit@salarisadvies.example", "Carla Smit", { role: "advanced" }),
    row("jansen-installatietechniek", "Jansen Installatietechniek", "carla.smit@salarisadvies.example", "Carla Smit", { role: "administrator" }),
  ];
}

export const ONLY_ADMINISTRATOR =
  "the only administrator of Jansen Installatietechniek: make someone else an administrator there first";

/** The plan: removal everywhere, refused where the person is the only administrator. */
export function practicePlan(people: PersonAccess[], email: string, action: "offboard" | "block"): EverywhereView[] {
  return practiceStatuses().map((status): EverywhereView => {
    const row = people.find((person) => person.email === email && person.environment === status.environment);
    const base = { environment: status.environment, environmentName: status.environmentName, platformCode: null, message: "" };
    if (!row) return { ...base, steps: [], result: "notFound" };
    if (row.role === "administrator") return { ...base, steps: [], result: "refused", platformCode: "last_administrator", message: ONLY_ADMINISTRATOR };
    const steps: EverywhereView["steps"] =
      action === "block"
        ? [{ kind: "block" }]
        : [...row.organisations.map((organisation) => ({ kind: "removeMembership" as const, organisationId: organisation.id, organisationName: organisation.name })), { kind: "removeUser" as const }];
    return { ...base, steps, result: "planned" };
  });
}

/** Runs the plan: done where online, queued where offline; each result sent as it comes. */
export function practiceRun(
  people: PersonAccess[],
  email: string,
  action: "offboard" | "block",
  operation: string,
  emit: (progress: EverywhereProgress) => void,
): EverywhereView[] {
  const statuses = practiceStatuses();
  return practicePlan(people, email, action).map((view) => {
    if (view.result !== "planned") return view;
    const offline = statuses.find((status) => status.environment === view.environment)?.state === "offline";
    const outcome: EverywhereView = { ...view, result: offline ? "queued" : "done", message: offline ? "queued: sent when the platform can be reached" : "done" };
    emit({ operation, outcome });
    for (let index = people.length - 1; index >= 0; index -= 1) {
      const person = people[index];
      if (person && person.email === email && person.environment === view.environment) {
        if (action === "block") person.status = "blocked";
        else people.splice(index, 1);
      }
    }
    return outcome;
  });
}

export function practiceInsights(): CrossInsights {
  const insight = (environment: string, environmentName: string, activeAdministrators: number, partial = {}) => ({
    environment,
    environmentName,
    activeAdministrators,
    expiredInvitations: 0,
    staleInvitations: 0,
    withoutOrganisation: 0,
    users: 12,
    lastSyncedAt: now(),
    ...partial,
  });
  return {
    environments: [
      insight("Local sandbox", "Acme Demo", 1, { expiredInvitations: 1, withoutOrganisation: 2 }),
      insight("bakkerij-de-vries-bv", "Bakkerij de Vries BV", 2),
      insight("jansen-installatietechniek", "Jansen Installatietechniek", 1, { withoutOrganisation: 1 }),
    ],
    administratorsInMany: [{ email: "ada.admin@acme.example", name: "Ada Admin", environments: ["Acme Demo", "Bakkerij de Vries BV", "Jansen Installatietechniek"] }],
  };
}
