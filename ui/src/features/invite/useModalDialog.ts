// Modal behaviour for a dialog element: focus moves in (to `[data-autofocus]`, else the first
// control), Tab stays inside, Escape closes only the topmost dialog, and focus returns to where
// it was when the dialog closes. Used by the invite dialog and the user-detail panel.
import { useEffect, useRef } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The open dialogs, innermost last: Escape and Tab belong to the last one. */
const openDialogs: symbol[] = [];

function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
}

export function useModalDialog<T extends HTMLElement>(onClose: () => void, options: { canClose?: boolean } = {}) {
  const ref = useRef<T>(null);
  const onCloseRef = useRef(onClose);
  const canCloseRef = useRef(options.canClose ?? true);
  useEffect(() => {
    onCloseRef.current = onClose;
    canCloseRef.current = options.canClose ?? true;
  });

  useEffect(() => {
    const id = Symbol("dialog");
    openDialogs.push(id);
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog) {
      const first = dialog.querySelector<HTMLElement>("[data-autofocus]") ?? focusables(dialog)[0] ?? dialog;
      first.focus();
    }
    const onKey = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== id) return;
      if (event.key === "Escape") {
        if (!canCloseRef.current) return;
        event.preventDefault();
        event.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (event.key === "Tab" && dialog) {
        const controls = focusables(dialog);
        const first = controls[0];
        const last = controls[controls.length - 1];
        if (!first || !last) return;
        const active = document.activeElement;
        if (event.shiftKey && (active === first || !dialog.contains(active))) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      openDialogs.splice(openDialogs.indexOf(id), 1);
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return ref;
}
