// The one question before a change that takes something away. The safe choice (Cancel) has
// the focus, so that Enter removes nobody by accident; while the change runs the dialog
// stays open.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

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
  /** Why the change failed, shown above the buttons. */
  error?: ReactNode;
  testId?: string;
  confirmTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      role="alertdialog"
      className="confirm-dialog"
      title={title}
      description={children}
      testId={testId}
      busy={busy}
      onClose={busy ? null : onCancel}
      footer={
        error ? (
          <p role="alert" className="error-text">
            {error}
          </p>
        ) : undefined
      }
      actions={
        <>
          <button type="button" className="button-secondary" data-autofocus disabled={busy} onClick={onCancel}>
            {t("common:cancel")}
          </button>
          <button type="button" className={danger ? "button-danger" : "button-primary"} data-testid={confirmTestId} disabled={busy} onClick={onConfirm}>
            {busy && busyLabel ? busyLabel : confirmLabel}
          </button>
        </>
      }
    />
  );
}
