// The invite dialog's flow as a pure reducer. Phases:
//
//   edit ──(typing pauses)──▶ checking ──(verdicts)──▶ review ──(Invite)──▶ sending ──▶ results
//     ▲                                                  │
//     └──────────────────────(typing)────────────────────┘
//
// `edit`: the text changed since its last check; `checking`: the Rust side checks it;
// `review`: the verdicts shown belong to the text in the box; `sending`: the invitations go
// out (the form is locked, the dialog cannot close); `results`: one outcome per address, and
// "Add directly" for a shared-domain refusal. The calls themselves are made by
// useInviteFlow.ts; answers for a text that is no longer in the box are dropped here.
import type {
  AddressCheck,
  ChangeResult,
  GrantView,
  InviteResult,
  LevelView,
  MethodView,
  RoleView,
  SameAccessView,
} from "../../lib/ipc/backend";

export type InvitePhase = "edit" | "checking" | "review" | "sending" | "results";

export type ResultRow = {
  email: string;
  result: ChangeResult;
  /** How it was sent (Add directly reports "Added"). */
  method: MethodView;
  busy: boolean;
  /** Why Add directly failed. */
  error: unknown;
};

/** Why Invite did not send (shown above the buttons). */
export type InviteProblem = { kind: "checkFailed"; error: unknown } | { kind: "sendFailed"; error: unknown } | { kind: "nothingToSend" };

export type InviteState = {
  phase: InvitePhase;
  text: string;
  /** The verdicts shown, and the text they are for (older than `text` while editing). */
  checks: AddressCheck[];
  checkedText: string;
  /** The live check of this text failed; it is not tried again until the text changes. */
  checkFailedFor: string | null;
  checkError: unknown;
  problem: InviteProblem | null;
  role: RoleView;
  method: MethodView;
  /** The organisations to grant, each with its level. */
  grants: GrantView[];
  /** The colleague whose access was copied ("with the same access as …"), if any. */
  copiedFrom: SameAccessView | null;
  operation: string | null;
  rows: ResultRow[];
};

export type InviteAction =
  | { type: "typed"; text: string }
  | { type: "checkStarted"; text: string }
  | { type: "checked"; text: string; checks: AddressCheck[] }
  | { type: "checkFailed"; text: string; error: unknown }
  | { type: "notSent"; problem: InviteProblem }
  | { type: "sendStarted"; operation: string }
  | { type: "sent"; results: InviteResult[] }
  | { type: "directStarted"; email: string }
  | { type: "directDone"; email: string; result: ChangeResult | null }
  | { type: "directFailed"; email: string; error: unknown }
  | { type: "choseRole"; role: RoleView }
  | { type: "choseMethod"; method: MethodView }
  | { type: "choseLevel"; organisationId: string; level: LevelView }
  | { type: "pickedOrganisation"; organisationId: string; picked: boolean }
  | { type: "copiedAccess"; access: SameAccessView };

export const initialInviteState: InviteState = {
  phase: "edit",
  text: "",
  checks: [],
  checkedText: "",
  checkFailedFor: null,
  checkError: null,
  problem: null,
  role: "basic",
  method: "email",
  grants: [],
  copiedFrom: null,
  operation: null,
  rows: [],
};

/** The addresses the Rust side found acceptable, once each. */
export function sendableEmails(checks: AddressCheck[]): string[] {
  return checks.flatMap((check) => (!check.problem && check.email ? [check.email] : []));
}

/** Whether the form is locked (sending, or done). */
export function isLocked(state: InviteState): boolean {
  return state.phase === "sending" || state.phase === "results";
}

/** Whether the verdicts shown belong to the text in the box. */
export function isChecked(state: InviteState): boolean {
  return state.checkedText === state.text;
}

/** Whether the text waits for its (live) check. */
export function needsCheck(state: InviteState): boolean {
  return state.phase === "edit" && state.text.trim() !== "" && !isChecked(state) && state.checkFailedFor !== state.text;
}

export function canSend(state: InviteState): boolean {
  return !isLocked(state) && sendableEmails(state.checks).length > 0;
}

export function grantsOf(state: InviteState): GrantView[] {
  return state.grants;
}

/** The phase while the form is open: review when the verdicts are for the text in the box. */
function formPhase(state: InviteState): InvitePhase {
  return isChecked(state) && state.text.trim() !== "" ? "review" : "edit";
}

function updateRow(state: InviteState, email: string, update: (row: ResultRow) => ResultRow): InviteState {
  if (state.phase !== "results") return state;
  return { ...state, rows: state.rows.map((row) => (row.email === email ? update(row) : row)) };
}

export function inviteFlow(state: InviteState, action: InviteAction): InviteState {
  switch (action.type) {
    case "typed": {
      if (isLocked(state)) return state;
      if (!action.text.trim()) {
        return { ...state, phase: "edit", text: action.text, checks: [], checkedText: action.text, checkError: null, checkFailedFor: null };
      }
      const next = { ...state, text: action.text };
      return { ...next, phase: formPhase(next) };
    }
    case "checkStarted":
      if (isLocked(state) || action.text !== state.text) return state;
      return { ...state, phase: "checking" };
    case "checked":
      if (isLocked(state) || action.text !== state.text) return state;
      return { ...state, phase: "review", checks: action.checks, checkedText: action.text, checkError: null, checkFailedFor: null };
    case "checkFailed":
      if (isLocked(state) || action.text !== state.text) return state;
      return { ...state, phase: "edit", checkError: action.error, checkFailedFor: action.text };
    case "notSent":
      if (state.phase === "results") return state;
      return { ...state, phase: formPhase(state), problem: action.problem, operation: null };
    case "sendStarted":
      if (isLocked(state)) return state;
      return { ...state, phase: "sending", operation: action.operation, problem: null };
    case "sent":
      if (state.phase !== "sending") return state;
      return {
        ...state,
        phase: "results",
        rows: action.results.map(({ email, result }) => ({ email, result, method: state.method, busy: false, error: null })),
      };
    case "directStarted":
      return updateRow(state, action.email, (row) => ({ ...row, busy: true, error: null }));
    case "directDone":
      return updateRow(state, action.email, (row) =>
        action.result ? { ...row, result: action.result, method: "direct", busy: false } : { ...row, busy: false },
      );
    case "directFailed":
      return updateRow(state, action.email, (row) => ({ ...row, busy: false, error: action.error }));
    case "choseRole":
      return isLocked(state) ? state : { ...state, role: action.role };
    case "choseMethod":
      return isLocked(state) ? state : { ...state, method: action.method };
    case "choseLevel":
      if (isLocked(state)) return state;
      return {
        ...state,
        grants: state.grants.map((grant) => (grant.organisationId === action.organisationId ? { ...grant, level: action.level } : grant)),
      };
    case "pickedOrganisation": {
      if (isLocked(state)) return state;
      const others = state.grants.filter((grant) => grant.organisationId !== action.organisationId);
      return { ...state, grants: action.picked ? [...others, { organisationId: action.organisationId, level: "member" }] : others };
    }
    case "copiedAccess":
      // The colleague's role and organisations at their levels; each stays editable.
      if (isLocked(state)) return state;
      return { ...state, role: action.access.role, grants: action.access.organisations.map((grant) => ({ ...grant })), copiedFrom: action.access };
  }
}
