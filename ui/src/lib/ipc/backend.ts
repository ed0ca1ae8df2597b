// The one door to the Rust side. Everything in the UI talks to a `Backend`; the real one
// (tauriBackend.ts) calls the generated commands and listens to the generated events, tests
// hand in a fake (src/test/fakeBackend.ts).
import type {
  AddressCheckView_Serialize,
  AppInfo,
  AuditPageView_Serialize,
  CacheChanged,
  ChangeRequest,
  ChangeResult_Serialize,
  ConnectionView_Serialize,
  EnvironmentView_Serialize,
  InviteInput,
  InviteResult_Serialize,
  IpcError,
  LocalSandboxView_Serialize,
  MemberView_Serialize,
  NewEnvironment_Deserialize,
  OrganisationView,
  OverviewCounts,
  PendingChangeView_Serialize,
  PresetView,
  Progress,
  Resolution,
  SignedIn_Serialize,
  SyncReportView,
  UserDetailView_Serialize,
  UserPageView_Serialize,
  UserQuery_Deserialize,
} from "./bindings";

export type {
  AddressProblemView,
  AddressWarningView,
  AppInfo,
  AuditEventView_Serialize as AuditEvent,
  CacheChanged,
  ChangeKindView,
  ChangeRequest,
  EnvironmentKindView,
  GrantView,
  InvitationView_Serialize as Invitation,
  InviteInput,
  IpcError,
  IpcErrorCode,
  LevelView,
  MembershipView,
  MethodView,
  OrganisationView,
  OutcomeView,
  OverviewCounts,
  Progress,
  Resolution,
  RoleView,
  SortView,
  StatusView,
  SyncReportView,
  UserRowView_Serialize as UserRow,
} from "./bindings";

export type AddressCheck = AddressCheckView_Serialize;
export type AuditPage = AuditPageView_Serialize;
export type ChangeResult = ChangeResult_Serialize;
export type Connection = ConnectionView_Serialize;
export type Environment = EnvironmentView_Serialize;
export type InviteResult = InviteResult_Serialize;
export type LocalSandbox = LocalSandboxView_Serialize;
export type Member = MemberView_Serialize;
export type NewEnvironment = NewEnvironment_Deserialize;
export type PendingChange = PendingChangeView_Serialize;
export type Preset = PresetView;
export type SignedIn = SignedIn_Serialize;
export type UserDetail = UserDetailView_Serialize;
export type UserPage = UserPageView_Serialize;
/** Every field is optional: the Rust side fills in defaults. */
export type UserQuery = Partial<UserQuery_Deserialize>;

/** Stops listening. */
export type Unlisten = () => void;

export interface Backend {
  appInfo(): Promise<AppInfo>;
  /** The overview shows its first rows (for the start-up figure; only the first call counts). */
  overviewShown(total: number): Promise<void>;

  // Environments and sessions
  listEnvironments(): Promise<Environment[]>;
  environmentPresets(): Promise<Preset[]>;
  /** Signs in once with the secrets, then saves the environment (secrets to the keychain). */
  addEnvironment(input: NewEnvironment): Promise<Environment>;
  removeEnvironment(name: string): Promise<void>;
  signIn(name: string): Promise<SignedIn>;
  /** Starts the embedded Local sandbox if needed and signs in as its administrator. */
  signInLocalSandbox(): Promise<SignedIn>;
  currentSession(): Promise<SignedIn | null>;
  /** Ends the session and wipes the environment's cached data. */
  signOut(): Promise<void>;

  // Users
  searchUsers(query: UserQuery): Promise<UserPage>;
  overviewCounts(): Promise<OverviewCounts>;
  userDetail(userId: string): Promise<UserDetail>;
  /** One result per change, in order. `operation` names the progress events. */
  applyChanges(operation: string, changes: ChangeRequest[]): Promise<ChangeResult[]>;
  checkAddresses(addresses: string): Promise<AddressCheck[]>;
  invite(operation: string, input: InviteInput): Promise<InviteResult[]>;
  /** Memberships, then the account; refused for the last administrator. */
  offboard(operation: string, userId: string): Promise<ChangeResult[]>;
  clearIneffectiveRelationshipManagers(operation: string): Promise<ChangeResult[]>;

  // Organisations and activity
  organisations(): Promise<OrganisationView[]>;
  organisationMembers(organisationId: string): Promise<Member[]>;
  auditEvents(cursor: string | null): Promise<AuditPage>;

  // Offline and sync
  connectionState(): Promise<Connection>;
  syncNow(): Promise<SyncReportView>;
  pendingChanges(): Promise<PendingChange[]>;
  resolveChange(seq: number, resolution: Resolution): Promise<void>;
  localSandboxStatus(): Promise<LocalSandbox>;
  stopLocalSandbox(): Promise<LocalSandbox>;
  startLocalSandbox(): Promise<LocalSandbox>;

  // Events from the Rust side
  onCacheChanged(listener: (change: CacheChanged) => void): Promise<Unlisten>;
  onConnectionChanged(listener: (connection: Connection) => void): Promise<Unlisten>;
  onProgress(listener: (progress: Progress) => void): Promise<Unlisten>;
}

/** An IPC error as an exception, so that callers can use try/catch and error boundaries. */
export class BackendError extends Error {
  readonly code: IpcError["code"];

  constructor(error: IpcError) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
  }
}

/** The message to show for anything thrown by a backend call. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
