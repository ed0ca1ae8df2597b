// A change to an organisation's members, and the message that says what became of it. Changes
// may overlap: each reports its own outcome; the list is read again after one that landed or
// was queued.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ChangeRequest, ChangeResult, LevelView, OrganisationView } from "../../lib/ipc/backend";
import { newOperationId } from "../../shared/backendEvents";
import { describeError, describeReason } from "../../shared/errors/describeError";

/** A change made on this screen, with what the messages need to describe it. */
export type MemberChange = { kind: "add" | "level" | "remove"; email: string; level: LevelView; request: ChangeRequest };

export type MemberMessage = { outcome: ChangeResult["outcome"] | "failed"; text: string };

export function useMemberChanges(organisation: OrganisationView, reload: () => void) {
  const { t } = useTranslation("organisations");
  const backend = useBackend();
  const [running, setRunning] = useState(0);
  const [message, setMessage] = useState<MemberMessage | null>(null);

  /** Resolves to true when the change was done or queued. */
  const apply = async (change: MemberChange): Promise<boolean> => {
    setRunning((n) => n + 1);
    setMessage(null);
    const names = { email: change.email, organisation: organisation.name, level: t(`common:level.${change.level}`) };
    const what = t(`change.${change.kind}`, names);
    try {
      const [result] = await backend.applyChanges(newOperationId("organisation"), [change.request]);
      const outcome = result?.outcome ?? "refused";
      const reason = result ? describeReason(result, t) : t("errors:noReason");
      if (outcome === "done") setMessage({ outcome, text: t(`outcome.done.${change.kind}`, names) });
      else setMessage({ outcome, text: t(`outcome.${outcome}`, { change: what, reason }) });
      if (outcome === "done" || outcome === "queued") {
        reload();
        return true;
      }
      return false;
    } catch (error) {
      setMessage({ outcome: "failed", text: t("outcome.failed", { change: what, reason: describeError(error, t) }) });
      return false;
    } finally {
      setRunning((n) => n - 1);
    }
  };

  return { apply, running: running > 0, message };
}
