// The open dialogs, innermost last. One keydown listener for all of them: Escape closes the
// topmost dialog only (when it may close), and Tab stays inside the topmost one.

type OpenDialog = {
  element: HTMLElement;
  /** Closes the dialog; `null` while it must stay open (an operation runs). */
  close: () => (() => void) | null;
};

const stack: OpenDialog[] = [];

const FOCUSABLE = [
  "a[href]",
  "button:not(:disabled)",
  'input:not(:disabled):not([type="hidden"])',
  "select:not(:disabled)",
  "textarea:not(:disabled)",
  '[tabindex]:not([tabindex="-1"])',
].join(", ");

/** The controls of `container` that Tab reaches, in order. */
export function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((element) => !element.closest("[hidden], [inert]"));
}

function trapTab(dialog: HTMLElement, event: KeyboardEvent) {
  const controls = focusables(dialog);
  const first = controls[0];
  const last = controls[controls.length - 1];
  const active = document.activeElement;
  if (!first || !last) {
    event.preventDefault();
    dialog.focus();
    return;
  }
  const outside = !dialog.contains(active);
  if (event.shiftKey && (active === first || active === dialog || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

function onKeyDown(event: KeyboardEvent) {
  const top = stack[stack.length - 1];
  if (!top) return;
  if (event.key === "Escape") {
    // A control inside may have used the key already (a list that closes first).
    if (event.defaultPrevented) return;
    event.preventDefault();
    top.close()?.();
  } else if (event.key === "Tab") {
    trapTab(top.element, event);
  }
}

/** Puts a dialog on the stack; returns the function that takes it off. */
export function openDialog(dialog: OpenDialog): () => void {
  // A dialog that contains one already open (both opened at once) goes below it.
  const inner = stack.findIndex((other) => dialog.element.contains(other.element));
  if (inner === -1) stack.push(dialog);
  else stack.splice(inner, 0, dialog);
  if (stack.length === 1) document.addEventListener("keydown", onKeyDown);
  return () => {
    const index = stack.indexOf(dialog);
    if (index !== -1) stack.splice(index, 1);
    if (stack.length === 0) document.removeEventListener("keydown", onKeyDown);
  };
}

/** Whether `element` is the topmost open dialog. */
export function isTopDialog(element: HTMLElement): boolean {
  return stack[stack.length - 1]?.element === element;
}

/** The topmost open dialog, if any. */
export function topDialog(): HTMLElement | null {
  return stack[stack.length - 1]?.element ?? null;
}

/** Whether a modal dialog is open (the app's own shortcuts then wait). */
export function isDialogOpen(): boolean {
  return stack.length > 0;
}
