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

/**
 * The controls Tab stops at, as the browser has them: shown ones only, and of a group of
 * radio buttons only the chosen one (or the first when none is), as arrows move within it.
 */
function tabStops(dialog: HTMLElement): HTMLElement[] {
  const seenGroups = new Set<string>();
  return focusables(dialog).filter((element) => {
    if (element.checkVisibility && !element.checkVisibility()) return false;
    if (!(element instanceof HTMLInputElement) || element.type !== "radio" || !element.name) return true;
    if (seenGroups.has(element.name)) return false;
    const group = Array.from(dialog.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(element.name)}"]:not(:disabled)`));
    const stop = group.find((radio) => radio.checked) ?? group[0];
    if (stop !== element) return false;
    seenGroups.add(element.name);
    return true;
  });
}

/**
 * Tab and Shift+Tab move through the dialog's controls and wrap around, never out. The move is
 * always made here rather than left to the browser: the browser's own order also stops at
 * what is not a control (WebKit focuses a scrolling body that holds none), and from there the
 * next step would leave the dialog.
 */
function trapTab(dialog: HTMLElement, event: KeyboardEvent) {
  event.preventDefault();
  const controls = tabStops(dialog);
  if (controls.length === 0) {
    dialog.focus();
    return;
  }
  const active = document.activeElement;
  const at = active instanceof HTMLElement ? controls.indexOf(active) : -1;
  let next: HTMLElement | undefined;
  if (at >= 0) {
    next = controls[(at + (event.shiftKey ? controls.length - 1 : 1)) % controls.length];
  } else if (active instanceof Node && active !== dialog && dialog.contains(active)) {
    // Somewhere inside that is not a control: the control after it, or before it.
    const after = (control: HTMLElement) => (active.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    next = event.shiftKey ? controls.filter((control) => !after(control)).at(-1) : controls.find(after);
  }
  const target = next ?? (event.shiftKey ? controls.at(-1) : controls[0]);
  if (target) focusFromKeyboard(target);
}

/**
 * Focuses `target` for someone on the keyboard: with the focus ring showing. A focus moved by
 * script does not always match `:focus-visible` (WebKit decides by what had the focus
 * before), so the element also carries `data-focus-ring` until it loses the focus; the CSS
 * rings both.
 */
function focusFromKeyboard(target: HTMLElement) {
  target.setAttribute("data-focus-ring", "");
  target.addEventListener("blur", () => target.removeAttribute("data-focus-ring"), { once: true });
  target.focus({ focusVisible: true } as FocusOptions);
}

function onKeyDown(event: KeyboardEvent) {
  const top = stack[stack.length - 1];
  if (!top) return;
  if (event.key === "Escape") {
    // A control inside may have used the key already (a list that closes first).
    if (event.defaultPrevented) return;
    event.preventDefault();
    top.close()?.();
  } else if (event.key === "Tab" || event.code === "Tab") {
    // WebKitGTK names Shift+Tab (GDK's ISO_Left_Tab) "Unidentified"; its code is still Tab.
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
