// The one dialog of the app: modal, labelled by its title, focus moved in on open (to
// `[data-autofocus]`, else the first control) and kept inside, Escape closes the topmost
// dialog only, nested dialogs work, and focus returns to the opener on close. The body
// scrolls and the actions stay visible: no dialog is taller than the window.
import { useEffect, useId, useLayoutEffect, useRef, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { focusables, isTopDialog, openDialog, topDialog } from "./dialogStack";
import "./dialog.css";

export type DialogProps = {
  title: ReactNode;
  /** Closes the dialog (Escape, the backdrop, the × button); `null` while it must stay open. */
  onClose: (() => void) | null;
  children?: ReactNode;
  /** Shown first in the body and announced with the title (`aria-describedby`). */
  description?: ReactNode;
  /** Always visible under the body (a status line, an error). */
  footer?: ReactNode;
  /** The buttons, always visible at the bottom. */
  actions?: ReactNode;
  /** Makes body and actions one form (the submit button may sit in the actions). */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** `panel`: a full-height side panel instead of a centred box. */
  variant?: "modal" | "panel";
  role?: "dialog" | "alertdialog";
  /** When this changes (the content was replaced), focus moves in again. */
  focusKey?: string | number;
  /** Whether a click on the backdrop closes (default true). */
  closeOnBackdrop?: boolean;
  /** Shows a × button in the header. */
  closeButton?: boolean;
  busy?: boolean;
  testId?: string;
  className?: string;
  attributes?: Record<`data-${string}`, string | undefined>;
};

function focusInitial(dialog: HTMLElement) {
  const target = dialog.querySelector<HTMLElement>("[data-autofocus]:not(:disabled)") ?? focusables(dialog)[0] ?? dialog;
  target.focus();
}

export function Dialog({
  title,
  onClose,
  children,
  description,
  footer,
  actions,
  onSubmit,
  variant = "modal",
  role = "dialog",
  focusKey,
  closeOnBackdrop = true,
  closeButton = false,
  busy = false,
  testId,
  className,
  attributes,
}: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const descriptionId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const close = openDialog({ element, close: () => onCloseRef.current });
    return () => {
      close();
      // Back to the opener; when it went away (or is disabled) meanwhile, into the dialog
      // below, if any.
      opener?.focus();
      const below = topDialog();
      if (document.activeElement !== opener && below && !below.contains(document.activeElement)) focusInitial(below);
    };
  }, []);

  // Into the dialog on open, and again when its content was replaced (never from a dialog
  // open on top of this one).
  useEffect(() => {
    if (ref.current && isTopDialog(ref.current)) focusInitial(ref.current);
  }, [focusKey]);

  // A control with the focus that goes away (its part of the dialog re-rendered) would leave
  // the focus nowhere: it comes back into the dialog.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new MutationObserver(() => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && isTopDialog(element)) focusInitial(element);
    });
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  const inner = (
    <>
      <div className="dialog-body">
        {description !== undefined && (
          <div id={descriptionId} className="dialog-description">
            {description}
          </div>
        )}
        {children}
      </div>
      {footer !== undefined && <div className="dialog-footer">{footer}</div>}
      {actions !== undefined && <div className="dialog-actions">{actions}</div>}
    </>
  );

  return (
    <div
      className={`dialog-backdrop dialog-backdrop-${variant}`}
      onMouseDown={(event) => {
        if (closeOnBackdrop && event.target === event.currentTarget) onClose?.();
      }}
    >
      <div
        ref={ref}
        className={`dialog dialog-${variant}${className ? ` ${className}` : ""}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description !== undefined ? descriptionId : undefined}
        aria-busy={busy || undefined}
        data-testid={testId}
        tabIndex={-1}
        {...attributes}
      >
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {closeButton && (
            <button type="button" className="dialog-close" aria-label={t("common:close")} disabled={!onClose} onClick={() => onClose?.()}>
              <span aria-hidden="true">×</span>
            </button>
          )}
        </div>
        {onSubmit ? (
          <form className="dialog-form" noValidate onSubmit={onSubmit}>
            {inner}
          </form>
        ) : (
          inner
        )}
      </div>
    </div>
  );
}

/** The way out of a dialog that only informs, or whose work is done; it has the focus. */
export function DialogCloseButton({ onClose, label, primary = false }: { onClose: () => void; label?: string; primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={primary ? "button-primary" : "button-secondary"} data-autofocus onClick={onClose}>
      {label ?? t("common:close")}
    </button>
  );
}
