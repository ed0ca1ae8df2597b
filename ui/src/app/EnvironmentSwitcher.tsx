// The environment switcher (Ctrl+K / Cmd+K): every environment with its cache's status,
// found by typing, chosen with the arrow keys and Enter — fifty client environments are as
// quick to reach as two. A combobox with a listbox (WAI-ARIA), in the app's one dialog.
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { EnvironmentStatus } from "../lib/ipc/backend";
import { Dialog } from "../shared/dialog/Dialog";
import { LoadStatus } from "../shared/LoadStatus";
import { useDescribeStatus, useEnvironmentStatuses } from "../shared/useEnvironmentStatuses";
import { valueOr } from "../shared/useLoadable";
import { useSession } from "./session";
import "./switcher.css";

const LOCAL_SANDBOX = "Local sandbox";

/** Whether the status is the Local sandbox itself (signed in to with `switchTo(null)`). */
export function isLocalSandbox(status: Pick<EnvironmentStatus, "environment" | "kind">): boolean {
  return status.environment === LOCAL_SANDBOX && status.kind === "local-sandbox";
}

function matches(status: EnvironmentStatus, words: string[]): boolean {
  const haystack = `${status.environmentName} ${status.environment}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function EnvironmentSwitcher({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { session, switchTo } = useSession();
  const statuses = useEnvironmentStatuses();
  const describe = useDescribeStatus();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const hintId = useId();

  const all = useMemo(() => {
    const list = valueOr(statuses, [] as EnvironmentStatus[]);
    // The Local sandbox is always a choice, even before it ever ran on this machine.
    if (list.some(isLocalSandbox)) return list;
    const local: EnvironmentStatus = {
      environment: LOCAL_SANDBOX,
      environmentName: t("environment.local-sandbox"),
      kind: "local-sandbox",
      state: "notSynced",
      lastSyncedAt: null,
      waiting: 0,
      conflicts: 0,
      message: null,
      current: session.kind === "local-sandbox" && session.environment === LOCAL_SANDBOX,
    };
    return [local, ...list];
  }, [statuses, session, t]);
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = all.filter((status) => matches(status, words));
  const activeIndex = Math.min(active, Math.max(shown.length - 1, 0));
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (status: EnvironmentStatus | undefined) => {
    if (!status) return;
    onClose();
    if (status.current) return;
    void switchTo(isLocalSandbox(status) ? null : status.environment);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(activeIndex + 1, last),
      ArrowUp: Math.max(activeIndex - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(activeIndex + 8, last),
      PageUp: Math.max(activeIndex - 8, 0),
    };
    const move = moves[event.key];
    if (move !== undefined && last >= 0) {
      event.preventDefault();
      setActive(move);
      document.getElementById(optionId(move))?.scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(shown[activeIndex]);
    }
  };

  return (
    <Dialog title={t("environment.switcherTitle")} onClose={onClose} className="switcher-dialog" testId="switcher-dialog" closeButton>
      <input
        type="search"
        role="combobox"
        aria-label={t("environment.switcherSearch")}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={shown.length > 0 ? optionId(activeIndex) : undefined}
        aria-describedby={hintId}
        aria-autocomplete="list"
        placeholder={t("environment.switcherSearch")}
        value={text}
        data-autofocus
        data-testid="switcher-search"
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p id={hintId} className="muted switcher-hint">
        {t("environment.switcherHint")}
      </p>
      <LoadStatus load={statuses} failedTitle={t("environment.switcherTitle")} />
      <ul id={listId} role="listbox" aria-label={t("environment.switcherTitle")} className="switcher-list">
        {shown.map((status, index) => (
          <li
            key={status.environment}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className={`switcher-option switcher-state-${status.state}${index === activeIndex ? " active" : ""}`}
            data-testid="switcher-option"
            data-environment={status.environment}
            data-state={status.current ? "current" : status.state}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(status)}
          >
            <span className="switcher-name">
              <strong>{status.environmentName}</strong>
              <span className="muted"> · {t(`environment.${status.kind}`)}</span>
            </span>
            <span className="switcher-status" data-testid="switcher-status">
              {status.current ? t("environment.current") : describe(status)}
            </span>
          </li>
        ))}
      </ul>
      {shown.length === 0 && statuses.state === "ready" && <p role="status">{t("environment.switcherEmpty", { text })}</p>}
    </Dialog>
  );
}
