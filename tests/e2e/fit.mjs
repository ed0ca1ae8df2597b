// Does the window's content fit? Measured in the real window, on whatever is showing: the
// header on one line, nothing wider than its frame (no horizontal scroll bar in the main
// area, the users table or a dialog), and an open dialog inside the window with its actions
// visible. `fitProblems` returns one sentence per problem (none: it fits).

/** What does not fit in the window now, in words; `[]` when everything does. */
export async function fitProblems(browser) {
  return browser.execute(() => {
    const problems = [];
    const describe = (element) =>
      element.getAttribute("data-testid") ?? `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`;

    // The header: no item taller than one line of its text, and all inside the bar.
    const header = document.querySelector(".app-header");
    if (header) {
      const right = header.getBoundingClientRect().right;
      for (const item of header.children) {
        const box = item.getBoundingClientRect();
        const style = getComputedStyle(item);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        const chrome =
          parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
        const text = item.textContent.trim().slice(0, 40);
        if (box.height > lineHeight + chrome + 4) problems.push(`the header item "${text}" wraps (${Math.round(box.height)} px tall)`);
        if (box.right > right + 1) problems.push(`the header item "${text}" sticks out of the header`);
      }
    }

    // Frames that must never scroll sideways.
    const frames = [".app-main", ".users-table", ".users-table-body", ".users-table-head", ".dialog-body"];
    for (const element of document.querySelectorAll(frames.join(","))) {
      if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${describe(element)} is ${element.scrollWidth} px wide in a frame of ${element.clientWidth} px`);
      }
    }

    // Every open dialog inside the window, its title and actions visible.
    const inView = (box) => box.top >= -1 && box.left >= -1 && box.bottom <= window.innerHeight + 1 && box.right <= window.innerWidth + 1;
    for (const dialog of document.querySelectorAll('[role="dialog"], [role="alertdialog"]')) {
      if (!inView(dialog.getBoundingClientRect())) problems.push(`the dialog ${describe(dialog)} does not fit in the window`);
      for (const part of dialog.querySelectorAll(":scope > .dialog-header, :scope .dialog-actions")) {
        if (!inView(part.getBoundingClientRect())) problems.push(`the ${describe(part)} of ${describe(dialog)} is outside the window`);
      }
    }
    return problems;
  });
}

/** How many user rows of the overview are wholly visible. */
export async function visibleUserRows(browser) {
  return browser.execute(() => {
    const body = document.querySelector(".users-table-body");
    if (!body) return 0;
    const frame = body.getBoundingClientRect();
    return [...body.querySelectorAll('[role="row"]')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
    }).length;
  });
}

/** The size of the page inside the window (the app window has no frame under Xvfb). */
export async function viewportSize(browser) {
  return browser.execute(() => ({ width: window.innerWidth, height: window.innerHeight }));
}
