// A fake backend at the ipc door, for UI tests: in-memory users and organisations shaped
// like the sandbox's demo data, with just enough behaviour (search, filters, changes,
// invitations, events) to drive the screens. It implements `Backend`, which is derived from
// the generated commands, so a new command shows up here as a type error until it is faked.
// Domain rules the Rust store enforces before sending (the last administrator) are refused
// here the same way, with the same reason and code. Tests override single methods to force
// failures or inspect calls.
import {
  BackendError,
  type AddressCheck,
  type Backend,
  type CacheChanged,
  type ChangeRequest,
  type ChangeResult,
  type ImportRowView,
  type Connection,
  type EnvironmentStatus,
  type EverywhereProgress,
  type PersonAccess,
  type Member,
  type OrganisationView,
  type Progress,
  type SignedIn,
  type UserDetail,
  type UserQuery,
  type UserRow,
} from "../lib/ipc/backend";
import { practiceDiscovered, practiceInsights, practicePeople, practicePlan, practiceRun, practiceStatuses } from "./fakePractice";

export type FakeUser = UserRow & { memberships: { organisationId: string; level: "member" | "administrator" }[] };

export const fakeSession: SignedIn = {
  environment: "Local sandbox",
  kind: "local-sandbox",
  environmentName: "Acme Demo",
  login: "ada.admin@acme.example",
  name: "Ada Admin",
  role: "administrator",
  canInvite: true,
  canManageUsers: true,
  offline: false,
};

export const fakeInfo = {
  productName: "eConnect Admin",
  version: "9.8.7",
  commit: "abc123def456",
  configDir: "/home/ada/.config/nl.econnect.admin",
  dataDir: "/home/ada/.local/share/nl.econnect.admin",
  logDir: "/home/ada/.local/share/nl.econnect.admin/logs",
};

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export function demoOrganisations(): OrganisationView[] {
  return [
    { id: "org-finance", name: "Acme Finance", memberCount: 0, administratorCount: 0 },
    { id: "org-logistics", name: "Acme Logistics", memberCount: 0, administratorCount: 0 },
    { id: "org-retail", name: "Acme Retail", memberCount: 0, administratorCount: 0 },
    { id: "org-services", name: "Acme Services", memberCount: 0, administratorCount: 0 },
  ];
}

function user(partial: Partial<FakeUser> & { id: string; email: string }): FakeUser {
  return {
    name: null,
    role: "basic",
    status: "active",
    relationshipManager: false,
    organisationCount: 0,
    invitedBy: null,
    invitedAt: null,
    expiresAt: null,
    expired: false,
    pending: false,
    memberships: [],
    ...partial,
  };
}

/** 11 users: 7 active, 3 invited (1 expired), 1 blocked; one administrator. */
export function demoUsers(now = Date.now()): FakeUser[] {
  const invited = (id: string, email: string, daysAgo: number): FakeUser =>
    user({
      id,
      email,
      status: "invited",
      invitedBy: "ada.admin@acme.example",
      invitedAt: iso(now - daysAgo * DAY),
      expiresAt: iso(now + (14 - daysAgo) * DAY),
      expired: daysAgo > 14,
    });
  return [
    user({ id: "u-ada", email: "ada.admin@acme.example", name: "Ada Admin", role: "administrator", memberships: [{ organisationId: "org-finance", level: "administrator" }] }),
    user({ id: "u-bob", email: "bob.baker@acme.example", name: "Bob Baker", role: "advanced", relationshipManager: true, memberships: [{ organisationId: "org-finance", level: "member" }] }),
    user({ id: "u-carol", email: "carol.clark@acme.example", name: "Carol Clark", memberships: [{ organisationId: "org-logistics", level: "member" }] }),
    user({ id: "u-dan", email: "dan.dekker@acme.example", name: "Dan Dekker", relationshipManager: true, memberships: [{ organisationId: "org-retail", level: "administrator" }] }),
    user({ id: "u-eve", email: "eve.evers@acme.example", name: "Eve Evers", role: "advanced", memberships: [{ organisationId: "org-services", level: "member" }] }),
    user({ id: "u-finn", email: "finn.fox@acme.example", name: "Finn Fox" }),
    user({ id: "u-gina", email: "gina.green@acme.example", name: "Gina Green", memberships: [{ organisationId: "org-finance", level: "member" }] }),
    invited("u-hank", "hank.hill@acme.example", 2),
    invited("u-iris", "iris.ito@acme.example", 9),
    invited("u-jack", "jack.jones@acme.example", 20),
    user({ id: "u-kim", email: "kim.kok@acme.example", name: "Kim Kok", status: "blocked", memberships: [{ organisationId: "org-retail", level: "member" }] }),
  ].map((u) => ({ ...u, organisationCount: u.memberships.length }));
}

export type FakeBackend = Backend & {
  users: FakeUser[];
  organisationList: OrganisationView[];
  connection: Connection;
  /** Every applied change, for assertions. */
  applied: ChangeRequest[];
  emitCacheChanged(change?: Partial<CacheChanged>): void;
  emitConnection(connection: Connection): void;
  emitProgress(progress: Progress): void;
  emitEnvironmentStatus(status: EnvironmentStatus): void;
  /** The people of the fake practice's caches (a run everywhere changes them). */
  people: PersonAccess[];
};

export function createFakeBackend(overrides: Partial<Backend> = {}): FakeBackend {
  const cacheListeners = new Set<(change: CacheChanged) => void>();
  const connectionListeners = new Set<(connection: Connection) => void>();
  const progressListeners = new Set<(progress: Progress) => void>();
  const statusListeners = new Set<(status: EnvironmentStatus) => void>();
  const everywhereListeners = new Set<(progress: EverywhereProgress) => void>();
  let discovered = practiceDiscovered();
  const listen = <T>(set: Set<(value: T) => void>, listener: (value: T) => void) => {
    set.add(listener);
    return Promise.resolve(() => void set.delete(listener));
  };

  let importRows: ImportRowView[] = [];
  const importSummary = (fileName: string) => {
    const count = (verdict: ImportRowView["verdict"]) => importRows.filter((row) => row.verdict === verdict).length;
    return {
      fileName,
      encoding: "UTF-8",
      separator: "comma",
      hasHeader: true,
      ignoredColumns: [],
      total: importRows.length,
      counts: { invite: count("invite"), direct: 0, update: 0, skip: 0, warning: 0, error: count("error") },
    };
  };

  const fake: FakeBackend = {
    users: demoUsers(),
    organisationList: demoOrganisations(),
    connection: { online: true, offlineSince: null, lastSyncedAt: new Date().toISOString(), nPending: 0, nConflicts: 0 },
    applied: [],
    emitCacheChanged: (change = {}) => {
      for (const listener of cacheListeners) listener({ all: true, userIds: [], organisations: false, outbox: false, ...change });
    },
    emitConnection: (connection) => {
      fake.connection = connection;
      for (const listener of connectionListeners) listener(connection);
    },
    emitProgress: (progress) => {
      for (const listener of progressListeners) listener(progress);
    },
    emitEnvironmentStatus: (status) => {
      for (const listener of statusListeners) listener(status);
    },
    people: practicePeople(),

    appInfo: async () => fakeInfo,
    overviewShown: async () => undefined,
    listEnvironments: async () => [],
    environmentPresets: async () => [
      { kind: "acceptance", label: "eConnect Acceptance", apiUrl: "https://acc-api.econnect.eu", identityUrl: "https://acc-identity.econnect.eu" },
      { kind: "production", label: "eConnect Production", apiUrl: "https://api.econnect.eu", identityUrl: "https://identity.econnect.eu" },
    ],
    addEnvironment: async (input) => ({
      name: input.name,
      kind: input.kind,
      apiUrl: input.apiUrl,
      identityUrl: input.identityUrl,
      clientId: input.clientId,
      username: input.username ?? null,
    }),
    removeEnvironment: async () => undefined,
    signIn: async (name) => ({ ...fakeSession, environment: name, kind: "custom" }),
    signInLocalSandbox: async () => fakeSession,
    currentSession: async () => null,
    signOut: async () => undefined,

    searchUsers: async (query: UserQuery) => {
      const words = (query.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      let rows = fake.users.filter(
        (u) =>
          words.every((word) => `${u.name ?? ""} ${u.email}`.toLowerCase().split(/[\s@.]+/).some((part) => part.startsWith(word))) &&
          (!query.status || u.status === query.status) &&
          (!query.role || u.role === query.role) &&
          (!query.organisationId || u.memberships.some((m) => m.organisationId === query.organisationId)) &&
          (!query.noOrganisation || u.memberships.length === 0) &&
          (!query.pendingInvitation || (u.status === "invited" && !u.expired)) &&
          (!query.expired || u.expired) &&
          (!query.ineffectiveRelationshipManager || (u.relationshipManager && u.role === "basic")),
      );
      const key = query.sort ?? "name";
      const value = (u: FakeUser) =>
        key === "email" ? u.email : key === "role" ? u.role : key === "status" ? u.status : key === "organisations" ? String(u.organisationCount).padStart(4, "0") : key === "expires" ? (u.expiresAt ?? "") : (u.name ?? u.email).toLowerCase();
      rows = [...rows].sort((a, b) => value(a).localeCompare(value(b)) * (query.descending ? -1 : 1));
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 100;
      return { total: rows.length, offset, rows: rows.slice(offset, offset + limit).map(({ memberships: _m, ...row }) => row) };
    },
    overviewCounts: async () => {
      const count = (predicate: (u: FakeUser) => boolean) => fake.users.filter(predicate).length;
      return {
        total: fake.users.length,
        active: count((u) => u.status === "active"),
        invited: count((u) => u.status === "invited"),
        blocked: count((u) => u.status === "blocked"),
        expired: count((u) => u.expired),
        noOrganisation: count((u) => u.memberships.length === 0),
        pendingChanges: fake.connection.nPending,
        activeAdministrators: count((u) => u.role === "administrator" && u.status === "active"),
        staleInvitations: count((u) => u.status === "invited" && !!u.invitedAt && Date.parse(u.invitedAt) < Date.now() - 7 * DAY),
        ineffectiveRelationshipManagers: count((u) => u.relationshipManager && u.role === "basic"),
      };
    },
    userDetail: async (userId): Promise<UserDetail> => {
      const u = fake.users.find((candidate) => candidate.id === userId);
      if (!u) throw new Error(`${userId} is not in this environment (any more); refresh the list`);
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        status: u.status,
        relationshipManager: u.relationshipManager,
        memberships: u.memberships.map((m) => ({
          organisationId: m.organisationId,
          organisationName: fake.organisationList.find((o) => o.id === m.organisationId)?.name ?? m.organisationId,
          level: m.level,
        })),
        invitation:
          u.status === "invited"
            ? { invitedBy: u.invitedBy, invitedAt: u.invitedAt ?? "", expiresAt: u.expiresAt ?? "", expired: u.expired, method: "email" }
            : null,
        createdAt: new Date().toISOString(),
        nPending: 0,
        conflict: null,
        conflictCode: null,
        lastAdministrator: isLastAdministrator(fake, u),
        localOnly: false,
      };
    },
    applyChanges: async (operation, changes) => {
      const results: ChangeResult[] = [];
      changes.forEach((change, index) => {
        fake.applied.push(change);
        results.push(applyToFake(fake, change));
        fake.emitProgress({ operation, done: index + 1, total: changes.length });
      });
      fake.emitCacheChanged({ all: false, userIds: changes.map((c) => c.userId) });
      return results;
    },
    checkAddresses: async (text) => checkFake(fake, text),
    sameAccessAs: async (email) => {
      const colleague = fake.users.find((u) => u.email === email.trim().toLowerCase());
      if (!colleague) throw new Error(`nobody with the address ${email.trim()} is in this environment's cache: check the address, or sync first`);
      return { email: colleague.email, name: colleague.name, role: colleague.role, organisations: colleague.memberships.map((m) => ({ ...m })) };
    },
    // A spreadsheet of one address per line (after a header "email"): good addresses are
    // invited, the rest are errors. Enough for the dialog; the real judging is Rust's.
    importPreview: async (fileName, contentBase64) => {
      const lines = atob(contentBase64).split(/\r?\n/);
      importRows = lines
        .map((text, index) => ({ text: text.trim(), line: index + 1 }))
        .filter(({ text, line }) => text !== "" && !(line === 1 && text.toLowerCase() === "email"))
        .map(({ text, line }) => {
          const ok = /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(text);
          return {
            line,
            email: text,
            name: null,
            role: "basic" as const,
            organisations: [],
            verdict: ok ? ("invite" as const) : ("error" as const),
            code: ok ? null : "invalid_email",
            message: ok ? "will be invited as Basic user" : "not an email address",
            result: null,
            resultMessage: null,
          };
        });
      return importSummary(fileName);
    },
    importRows: async (offset, limit, onlyProblems) => {
      const shown = importRows.filter((row) => !onlyProblems || row.verdict === "error" || row.result === "failed");
      return { total: shown.length, offset, rows: shown.slice(offset, offset + limit) };
    },
    importRun: async (operation) => {
      const sending = importRows.filter((row) => row.verdict !== "error");
      sending.forEach((row, index) => {
        row.result = "sent";
        fake.emitProgress({ operation, done: index + 1, total: sending.length });
      });
      for (const row of importRows) if (row.verdict === "error") row.result = "failed";
      const failed = importRows.filter((row) => row.result === "failed").length;
      return { sent: sending.length, queued: 0, skipped: 0, failed, resultsFile: "/home/ada/Downloads/people - results.csv", resultsFileError: null };
    },
    importRetryFailed: async () => {
      importRows = importRows.filter((row) => row.result === "failed").map((row) => ({ ...row, result: null }));
      return importSummary("people.csv");
    },
    cancelOperation: async () => undefined,
    exportUsers: async () => "/home/ada/Downloads/eConnect users - Local sandbox.csv",
    invite: async (operation, input) => {
      const checks = checkFake(fake, input.addresses);
      const results = checks.map((check, index) => {
        fake.emitProgress({ operation, done: index + 1, total: checks.length });
        if (check.problem || !check.email) {
          return { email: check.email ?? check.input, result: { outcome: "refused" as const, reason: check.problemDetail ?? check.problem ?? "invalid", code: null } };
        }
        fake.users.push(
          user({
            id: `u-${check.email}`,
            email: check.email,
            role: input.role,
            status: input.method === "email" ? "invited" : "active",
            invitedBy: fake.users[0]?.email ?? null,
            invitedAt: new Date().toISOString(),
            expiresAt: iso(Date.now() + 14 * DAY),
            memberships: input.organisations.map((g) => ({ organisationId: g.organisationId, level: g.level })),
            organisationCount: input.organisations.length,
          }),
        );
        return { email: check.email, result: { outcome: "done" as const, reason: null, code: null } };
      });
      fake.emitCacheChanged();
      return results;
    },
    offboard: async (operation, userId) => {
      const u = fake.users.find((c) => c.id === userId);
      if (!u) throw new Error("unknown user");
      // Refused before anything is sent, as the Rust side does.
      if (isLastAdministrator(fake, u)) throw new BackendError({ code: "rejected", message: LAST_ADMINISTRATOR, platformCode: "last_administrator" });
      const changes: ChangeRequest[] = [
        ...u.memberships.map((m) => ({ kind: "removeMember" as const, organisationId: m.organisationId, userId })),
        { kind: "removeUser", userId },
      ];
      return fake.applyChanges(operation, changes);
    },
    clearIneffectiveRelationshipManagers: async (operation) =>
      fake.applyChanges(
        operation,
        fake.users.filter((u) => u.relationshipManager && u.role === "basic").map((u) => ({ kind: "setRelationshipManager" as const, userId: u.id, value: false })),
      ),

    organisations: async () =>
      fake.organisationList.map((o) => {
        const members = fake.users.flatMap((u) => u.memberships.filter((m) => m.organisationId === o.id));
        return { ...o, memberCount: members.length, administratorCount: members.filter((m) => m.level === "administrator").length };
      }),
    organisationMembers: async (organisationId): Promise<Member[]> =>
      fake.users.flatMap((u) =>
        u.memberships
          .filter((m) => m.organisationId === organisationId)
          .map((m) => ({ userId: u.id, email: u.email, name: u.name, role: u.role, status: u.status, level: m.level, pending: false })),
      ),
    auditEvents: async () => ({
      items: [
        { id: "e2", at: iso(Date.now() - DAY), actor: "ada.admin@acme.example", action: "role_changed", targetEmail: "bob.baker@acme.example", organisationId: null, detail: "basic → advanced" },
        { id: "e1", at: iso(Date.now() - 2 * DAY), actor: "ada.admin@acme.example", action: "user_invited", targetEmail: "hank.hill@acme.example", organisationId: null, detail: null },
      ],
      nextCursor: null,
    }),

    connectionState: async () => fake.connection,
    syncNow: async () => ({ full: false, changesPulled: 0, pushed: 0, conflicts: 0, rejected: 0, offline: !fake.connection.online }),
    pendingChanges: async () => [],
    resolveChange: async () => undefined,
    localSandboxStatus: async () => ({ running: true, baseUrl: "http://127.0.0.1:40000", outboxDir: "/tmp/outbox" }),
    stopLocalSandbox: async () => ({ running: false, baseUrl: null, outboxDir: "/tmp/outbox" }),
    startLocalSandbox: async () => ({ running: true, baseUrl: "http://127.0.0.1:40000", outboxDir: "/tmp/outbox" }),

    onCacheChanged: (listener) => listen(cacheListeners, listener),
    onConnectionChanged: (listener) => listen(connectionListeners, listener),
    onProgress: (listener) => listen(progressListeners, listener),
    onEnvironmentStatus: (listener) => listen(statusListeners, listener),
    onEverywhereProgress: (listener) => listen(everywhereListeners, listener),

    discoverEnvironments: async () => discovered,
    addDiscoveredEnvironments: async () => {
      const fresh = discovered.filter((environment) => environment.savedAs === null && !environment.current);
      discovered = discovered.map((environment) => (fresh.includes(environment) ? { ...environment, savedAs: environment.id } : environment));
      return fresh.map((environment) => ({
        name: environment.id,
        kind: "local-sandbox" as const,
        apiUrl: "http://127.0.0.1:40000",
        identityUrl: "http://127.0.0.1:40000",
        clientId: "sandbox-client",
        username: fakeSession.login,
      }));
    },
    environmentStatuses: async () => practiceStatuses(),
    syncAllEnvironments: async () => undefined,
    findPeople: async (text, limit) => {
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      return fake.people.filter((row) => words.every((word) => `${row.email} ${row.name ?? ""}`.toLowerCase().includes(word))).slice(0, limit);
    },
    planEverywhere: async (email, action) => practicePlan(fake.people, email, action),
    runEverywhere: async (email, action, operation) =>
      practiceRun(fake.people, email, action, operation, (progress) => {
        for (const listener of everywhereListeners) listener(progress);
      }),
    crossInsights: async () => practiceInsights(),
    saveAccessReport: async () => ({ path: "/home/ada/Downloads/eConnect access report.csv", environments: 3 }),
  };
  return Object.assign(fake, overrides);
}

/** The Rust side's reason (econnect-domain `RuleViolation::LastAdministrator`). */
export const LAST_ADMINISTRATOR =
  "this is the environment's last administrator: make someone else an administrator first, so that the environment is never left without one";

/** The only active administrator (demote, block and remove are refused, as the store does). */
function isLastAdministrator(fake: FakeBackend, target: FakeUser): boolean {
  const admins = fake.users.filter((u) => u.role === "administrator" && u.status === "active").length;
  return target.role === "administrator" && target.status === "active" && admins <= 1;
}

function applyToFake(fake: FakeBackend, change: ChangeRequest): ChangeResult {
  const done: ChangeResult = { outcome: "done", reason: null, code: null };
  const index = fake.users.findIndex((u) => u.id === change.userId);
  const target = fake.users[index];
  if (!target) return { outcome: "refused", reason: "not in this environment", code: "not_found" };
  const lastAdmin = isLastAdministrator(fake, target);
  const refuseLastAdmin: ChangeResult = { outcome: "refused", reason: LAST_ADMINISTRATOR, code: "last_administrator" };
  switch (change.kind) {
    case "setRole":
      if (lastAdmin && change.role !== "administrator") return refuseLastAdmin;
      target.role = change.role;
      return done;
    case "setRelationshipManager":
      target.relationshipManager = change.value;
      return done;
    case "setBlocked":
      if (lastAdmin && change.blocked) return refuseLastAdmin;
      target.status = change.blocked ? "blocked" : "active";
      return done;
    case "removeUser":
      if (lastAdmin) return refuseLastAdmin;
      fake.users.splice(index, 1);
      return done;
    case "revokeInvitation":
      fake.users.splice(index, 1);
      return done;
    case "resendInvitation":
      target.invitedAt = new Date().toISOString();
      target.expiresAt = iso(Date.now() + 14 * DAY);
      target.expired = false;
      return done;
    case "setMember": {
      const membership = target.memberships.find((m) => m.organisationId === change.organisationId);
      if (membership) membership.level = change.level;
      else target.memberships.push({ organisationId: change.organisationId, level: change.level });
      target.organisationCount = target.memberships.length;
      return done;
    }
    case "removeMember":
      target.memberships = target.memberships.filter((m) => m.organisationId !== change.organisationId);
      target.organisationCount = target.memberships.length;
      return done;
  }
}

const FREE_MAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "live.nl", "icloud.com"];

function checkFake(fake: FakeBackend, text: string): AddressCheck[] {
  const seen = new Set<string>();
  const inputs = text
    .split(/[,;\n\r\t]+/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      const angle = /<([^>]+)>/.exec(entry);
      return angle?.[1] ? [angle[1].trim()] : entry.split(/\s+/);
    });
  const domains = new Set(fake.users.map((u) => u.email.split("@")[1]));
  return inputs.map((input): AddressCheck => {
    const email = input.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return { input, email: null, problem: "invalid", problemDetail: `${input} is not a valid email address`, warnings: [] };
    }
    const domain = email.split("@")[1] ?? "";
    const warnings: AddressCheck["warnings"] = FREE_MAIL.includes(domain) ? ["freeMail"] : domains.has(domain) ? [] : ["unfamiliarDomain"];
    const existing = fake.users.find((u) => u.email === email);
    const problem = seen.has(email) ? "duplicate" : existing ? (existing.status === "invited" ? "alreadyInvited" : "alreadyUser") : null;
    seen.add(email);
    return { input, email, problem, problemDetail: null, warnings };
  });
}
