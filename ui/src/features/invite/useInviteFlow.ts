// The invite dialog's calls to the Rust side, driving the pure flow in inviteFlow.ts: the
// list is checked once typing pauses, Invite checks what is in the box if that was not done
// yet and then sends, and Add directly re-invites one refused address.
import { useEffect, useReducer } from "react";

import { useBackend } from "../../lib/ipc/BackendProvider";
import { newOperationId } from "../../shared/backendEvents";
import { grantsOf, initialInviteState, inviteFlow, isChecked, needsCheck, sendableEmails, type InviteAction, type InviteState } from "./inviteFlow";

/** How long typing must pause before the list is checked again. */
const CHECK_DELAY_MS = 250;

export function useInviteFlow(): {
  state: InviteState;
  dispatch: (action: InviteAction) => void;
  submit: () => Promise<void>;
  addDirectly: (email: string) => Promise<void>;
} {
  const backend = useBackend();
  const [state, dispatch] = useReducer(inviteFlow, initialInviteState);
  const checkNow = needsCheck(state);
  const text = state.text;

  // Check the list as it changes, once typing pauses. An answer for older text is dropped.
  useEffect(() => {
    if (!checkNow) return;
    const timer = window.setTimeout(() => {
      dispatch({ type: "checkStarted", text });
      backend.checkAddresses(text).then(
        (checks) => dispatch({ type: "checked", text, checks }),
        (error: unknown) => dispatch({ type: "checkFailed", text, error }),
      );
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [backend, checkNow, text]);

  async function submit() {
    let checks = state.checks;
    if (!isChecked(state)) {
      // Sent before the pause: check what is in the box now.
      dispatch({ type: "checkStarted", text });
      try {
        checks = await backend.checkAddresses(text);
        dispatch({ type: "checked", text, checks });
      } catch (error) {
        dispatch({ type: "notSent", problem: { kind: "checkFailed", error } });
        return;
      }
    }
    const emails = sendableEmails(checks);
    if (emails.length === 0) {
      dispatch({ type: "notSent", problem: { kind: "nothingToSend" } });
      return;
    }
    const operation = newOperationId("invite");
    dispatch({ type: "sendStarted", operation });
    try {
      const results = await backend.invite(operation, { addresses: emails.join("\n"), role: state.role, method: state.method, organisations: grantsOf(state) });
      dispatch({ type: "sent", results });
    } catch (error) {
      dispatch({ type: "notSent", problem: { kind: "sendFailed", error } });
    }
  }

  async function addDirectly(email: string) {
    dispatch({ type: "directStarted", email });
    try {
      const results = await backend.invite(newOperationId("invite"), { addresses: email, role: state.role, method: "direct", organisations: grantsOf(state) });
      const result = results.find((row) => row.email === email) ?? results[0];
      dispatch({ type: "directDone", email, result: result?.result ?? null });
    } catch (error) {
      dispatch({ type: "directFailed", email, error });
    }
  }

  return { state, dispatch, submit, addDirectly };
}
