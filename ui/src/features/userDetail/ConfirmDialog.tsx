// A question before an action that cannot be undone. Cancel has the focus, so that Enter
// does not remove anyone by accident.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useModalDialog } from "../invite/useModalDialog";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const dialogRef = useModalDialog<HTMLDivElement>(onCancel);
  return (
    <div className="dialog-backdrop detail-confirm-backdrop">
      <div
        ref={dialogRef}
        className="dialog detail-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-body`}
        data-testid="confirm-dialog"
      >
        <h2 id={`${ids}-title`}>{title}</h2>
        <div id={`${ids}-body`}>{children}</div>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" data-autofocus onClick={onCancel}>
            {t("cancel")}
          </button>
          <button type="button" className="button-danger" data-testid="confirm-submit" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
