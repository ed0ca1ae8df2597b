// Accessibility scans in the real window: axe-core (npm) injected through the WebDriver
// session, run against WCAG 2.1 A and AA, on a screen or on the dialog open at the time.
// Every scan is recorded (what, theme, language, window size, violations, and what did not
// fit in the window: fit.mjs); `report()` and `fitReport()` word them for a failing
// assertion, and `dialogsInSource()` lists the dialogs the UI declares, so that a test can
// fail when one of them was never scanned.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { fitProblems, viewportSize } from "./fit.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const UI_SOURCE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ui", "src");

/** The `testId`s of every dialog the UI declares (`<Dialog … testId="…">`, tests left out). */
export function dialogsInSource() {
  const found = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx$/.test(entry.name) && !/\.test\.tsx$/.test(entry.name)) {
        const text = readFileSync(path, "utf8");
        for (const open of text.matchAll(/<(?:Dialog|ConfirmDialog)\b/g)) {
          const match = /\btestId="([^"]+)"/.exec(openingTag(text, open.index));
          if (match) found.add(match[1]);
        }
      }
    }
  };
  walk(UI_SOURCE);
  return [...found].sort();
}

/** The JSX tag opening at `start`, up to its `>`, without what is inside `{…}`. */
function openingTag(text, start) {
  let depth = 0;
  let tag = "";
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (c === "{") depth += 1;
    else if (c === "}") depth -= 1;
    else if (depth === 0) {
      if (c === ">") break;
      tag += c;
    }
  }
  return tag;
}

export function accessibilityScanner(browser) {
  const scans = [];

  /** Scans the window as it is now; `what` names the screen or dialog. */
  async function scan(what) {
    const injected = await browser.execute(() => typeof window.axe === "object");
    if (!injected) await browser.execute(`${AXE_SOURCE}\n;return true;`);
    const result = await browser.executeAsync((tags, done) => {
      const openDialog = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')].at(-1);
      window.axe
        .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
        .then((outcome) =>
          done({
            theme: document.documentElement.dataset.theme ?? "system",
            language: document.documentElement.lang,
            dialog: openDialog?.getAttribute("data-testid") ?? null,
            violations: outcome.violations.map((violation) => ({
              id: violation.id,
              impact: violation.impact,
              help: violation.help,
              nodes: violation.nodes.slice(0, 5).map((node) => ({
                target: node.target.join(" "),
                summary: (node.failureSummary ?? "").split("\n").slice(1, 2).join(" ").trim(),
              })),
            })),
          }),
        )
        .catch((error) => done({ error: String(error) }));
    }, TAGS);
    if (result.error) throw new Error(`axe could not scan ${what}: ${result.error}`);
    const size = await viewportSize(browser);
    scans.push({ what, ...result, size: `${size.width}×${size.height}`, fit: await fitProblems(browser) });
    return result;
  }

  /** Every violation found so far, one paragraph each. */
  function report() {
    return scans
      .filter((scan) => scan.violations.length > 0)
      .map(
        (scan) =>
          `${scan.what} (${scan.theme}, ${scan.language}):\n` +
          scan.violations
            .map((v) => `  ${v.id} [${v.impact}] ${v.help}\n${v.nodes.map((n) => `    ${n.target} — ${n.summary}`).join("\n")}`)
            .join("\n"),
      )
      .join("\n");
  }

  /** Everything that did not fit in the window, one line per scan. */
  function fitReport() {
    return scans
      .filter((scan) => scan.fit.length > 0)
      .map((scan) => `${scan.what} (${scan.theme}, ${scan.language}, ${scan.size}): ${scan.fit.join("; ")}`)
      .join("\n");
  }

  return { scan, report, fitReport, scans };
}
