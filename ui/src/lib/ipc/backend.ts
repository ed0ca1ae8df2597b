// The one door to the Rust side. Everything in the UI talks to a `Backend`; the real one
// (tauriBackend.ts) wraps the generated commands and listens to the generated events, tests
// hand in a fake (src/test/fakeBackend.ts).
//
// The command part of `Backend` is derived from the generated `commands` object: a command
// that answers `{status: "ok", data: T} | {status: "error", error: IpcError}` becomes one
// that resolves to `T` and throws a `BackendError`; an infallible one keeps its answer.
// Adding a command on the Rust side therefore needs no edit here nor in tauriBackend.ts.
import type {
  CacheChanged,
  ConnectionView,
  EnvironmentStatusView,
  EverywhereProgress,
  IpcError,
  Progress,
  UserQuery,
  commands,
} from "./bindings";

export type {
  AccessReportView,
  AddressProblemView,
  AddressWarningView,
  AppInfo,
  CacheChanged,
  ChangeKindView,
  ChangeRequest,
  ChangeResult,
  EnvironmentKindView,
  EnvironmentState,
  EverywhereAction,
  EverywhereProgress,
  EverywhereResultView,
  EverywhereView,
  GrantView,
  ImportReportView,
  ImportRowView,
  ImportSummaryView,
  InviteInput,
  InviteResult,
  IpcError,
  IpcErrorCode,
  LevelView,
  MembershipView,
  MethodView,
  NewEnvironment,
  OrganisationView,
  OutcomeView,
  OverviewCounts,
  Progress,
  Resolution,
  RoleView,
  SameAccessView,
  SignedIn,
  SortView,
  StatusView,
  StepView,
  SyncReportView,
  UserQuery,
} from "./bindings";

// The generated types the features know by a shorter name, in one list: when a generated
// type is renamed, only its left-hand side here changes. (The generated types that already
// carry the features' names are re-exported above.)
export type {
  AddressCheckView as AddressCheck,
  AuditEventView as AuditEvent,
  AuditPageView as AuditPage,
  ConnectionView as Connection,
  CrossInsightsView as CrossInsights,
  DiscoveredView as DiscoveredEnvironment,
  EnvironmentInsightView as EnvironmentInsight,
  EnvironmentStatusView as EnvironmentStatus,
  EnvironmentView as Environment,
  InvitationView as Invitation,
  LocalSandboxView as LocalSandbox,
  MemberView as Member,
  PendingChangeView as PendingChange,
  PersonAccessView as PersonAccess,
  PresetView as Preset,
  UserDetailView as UserDetail,
  UserPageView as UserPage,
  UserRowView as UserRow,
} from "./bindings";

/** What a generated command answers when it can fail. */
export type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

type VoidIfNull<T> = [T] extends [null] ? void : T;
type OkData<R> = Extract<R, { status: "ok" }> extends { data: infer T } ? T : never;

/** The answer of a command as the UI sees it: the data of a result, else the answer itself. */
export type Answer<R> = [R] extends [CommandResult<unknown>] ? VoidIfNull<OkData<R>> : VoidIfNull<R>;

/** Each command of `C`, with its result unwrapped (errors become `BackendError`s). */
export type UnwrappedCommands<C> = {
  [K in keyof C]: C[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<Answer<R>> : never;
};

/** Stops listening. */
export type Unlisten = () => void;

/** The events from the Rust side. */
export type BackendEvents = {
  onCacheChanged(listener: (change: CacheChanged) => void): Promise<Unlisten>;
  onConnectionChanged(listener: (connection: ConnectionView) => void): Promise<Unlisten>;
  onProgress(listener: (progress: Progress) => void): Promise<Unlisten>;
  /** An environment's cache status changed (a background sync round). */
  onEnvironmentStatus(listener: (status: EnvironmentStatusView) => void): Promise<Unlisten>;
  /** One environment's result, during a run everywhere. */
  onEverywhereProgress(listener: (progress: EverywhereProgress) => void): Promise<Unlisten>;
};

export type BackendCommands = UnwrappedCommands<typeof commands>;

export type Backend = BackendCommands & BackendEvents;

/** An `IpcError` as the UI may receive it, before and after it carries `platformCode`. */
export type IpcErrorInput = Omit<IpcError, "platformCode"> & { platformCode?: string | null };

/** An IPC error as an exception, so that callers can use try/catch and error boundaries. */
export class BackendError extends Error {
  readonly code: IpcError["code"];
  /** The platform contract's stable error code (`last_administrator`, …), when there is one. */
  readonly platformCode: string | null;

  constructor(error: IpcErrorInput) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
    this.platformCode = error.platformCode ?? null;
  }
}

/** The Rust side fills in what is left out, except the window: ask for 100 rows by default. */
export const QUERY_DEFAULTS = {
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
} satisfies UserQuery;
