import { commands, events } from "./bindings";
import { BackendError, type Backend, type IpcError, type UserQuery } from "./backend";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

function unwrap<T>(result: CommandResult<T>): T {
  if (result.status === "error") {
    throw new BackendError(result.error);
  }
  return result.data;
}

async function ok(result: Promise<CommandResult<null>>): Promise<void> {
  unwrap(await result);
}

const QUERY_DEFAULTS = {
  text: null,
  status: null,
  role: null,
  organisationId: null,
  noOrganisation: false,
  pendingInvitation: false,
  expired: false,
  staleInvitation: false,
  ineffectiveRelationshipManager: false,
  sort: null,
  descending: false,
  offset: 0,
  limit: 100,
};

export const tauriBackend: Backend = {
  appInfo: async () => unwrap(await commands.appInfo()),
  overviewShown: (total) => commands.overviewShown(total),

  listEnvironments: async () => unwrap(await commands.listEnvironments()),
  environmentPresets: () => commands.environmentPresets(),
  addEnvironment: async (input) => unwrap(await commands.addEnvironment(input)),
  removeEnvironment: (name) => ok(commands.removeEnvironment(name)),
  signIn: async (name) => unwrap(await commands.signIn(name)),
  signInLocalSandbox: async () => unwrap(await commands.signInLocalSandbox()),
  currentSession: async () => unwrap(await commands.currentSession()),
  signOut: () => ok(commands.signOut()),

  searchUsers: async (query: UserQuery) => unwrap(await commands.searchUsers({ ...QUERY_DEFAULTS, ...query })),
  overviewCounts: async () => unwrap(await commands.overviewCounts()),
  userDetail: async (userId) => unwrap(await commands.userDetail(userId)),
  applyChanges: async (operation, changes) => unwrap(await commands.applyChanges(operation, changes)),
  checkAddresses: async (addresses) => unwrap(await commands.checkAddresses(addresses)),
  invite: async (operation, input) => unwrap(await commands.invite(operation, input)),
  offboard: async (operation, userId) => unwrap(await commands.offboard(operation, userId)),
  clearIneffectiveRelationshipManagers: async (operation) =>
    unwrap(await commands.clearIneffectiveRelationshipManagers(operation)),

  organisations: async () => unwrap(await commands.organisations()),
  organisationMembers: async (organisationId) => unwrap(await commands.organisationMembers(organisationId)),
  auditEvents: async (cursor) => unwrap(await commands.auditEvents(cursor)),

  connectionState: async () => unwrap(await commands.connectionState()),
  syncNow: async () => unwrap(await commands.syncNow()),
  pendingChanges: async () => unwrap(await commands.pendingChanges()),
  resolveChange: (seq, resolution) => ok(commands.resolveChange(seq, resolution)),
  localSandboxStatus: async () => unwrap(await commands.localSandboxStatus()),
  stopLocalSandbox: async () => unwrap(await commands.stopLocalSandbox()),
  startLocalSandbox: async () => unwrap(await commands.startLocalSandbox()),

  onCacheChanged: (listener) => events.cacheChanged.listen((event) => listener(event.payload)),
  onConnectionChanged: (listener) => events.connectionView.listen((event) => listener(event.payload)),
  onProgress: (listener) => events.progress.listen((event) => listener(event.payload)),
};
