// The one question before a change that takes something away. The safe choice (Cancel) has
// the focus, so that Enter removes nobody by accident; while the change runs the dialog
// stays open.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { FailureText } from "../errors/ErrorNotice";
import { Dialog } from "./Dialog";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  onConfirm,
  onCancel,
  danger = true,
  busy = false,
  error,
  testId = "confirm-dialog",
  confirmTestId = "confirm-submit",
}: {
  title: string;
  /** What will happen, and what stays. */
  children: ReactNode;
  confirmLabel: string;
  /** The confirm button's text while `busy`. */
  busyLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  busy?: boolean;
  /** Why the change failed (`null` or absent: it did not), shown above the buttons. */
  error?: unknown;
  testId?: string;
  confirmTestId?: string;
}) {
  return (
    <Dialog
      role="alertdialog"
      className="confirm-dialog"
      title={title}
      description={children}
      testId={testId}
      busy={busy}
      onClose={busy ? null : onCancel}
      footer={error !== undefined && error !== null ? <FailureText error={error} /> : undefined}
      actions={
        <ConfirmActions
          confirmLabel={busy && busyLabel ? busyLabel : confirmLabel}
          confirmTestId={confirmTestId}
          danger={danger}
          busy={busy}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      }
    />
  );
}

/** Cancel (the safe choice, focused first) and the button that goes ahead; both wait while `busy`. */
export function ConfirmActions({
  confirmLabel,
  confirmTestId,
  onConfirm,
  onCancel,
  danger = true,
  busy = false,
  confirmDisabled = false,
}: {
  confirmLabel: string;
  confirmTestId: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  busy?: boolean;
  /** Going ahead is not possible (Cancel still is). */
  confirmDisabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="button-secondary" data-autofocus disabled={busy} onClick={onCancel}>
        {t("common:cancel")}
      </button>
      <button
        type="button"
        className={danger ? "button-danger" : "button-primary"}
        data-testid={confirmTestId}
        disabled={busy || confirmDisabled}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
    </>
  );
}
