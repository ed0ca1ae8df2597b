// The rows of an import's preview (and results), a window at a time from the Rust side:
// a file may have 200,000 rows, so only what is visible is asked for and drawn.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { ImportRowView } from "../../lib/ipc/backend";
import { FailureText } from "../../shared/errors/ErrorNotice";
import { observeRectWithFallback } from "../users/UserTable";

const PAGE = 200;
const ROW_HEIGHT = 44;


/** Pages of rows for one view of the preview (`version` changes when it is replaced or run). */
function useImportRows(version: number, onlyProblems: boolean) {
  const backend = useBackend();
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, ImportRowView[]>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(new Set<number>());
  const key = `${version}|${onlyProblems}`;
  const current = useRef(key);

  useEffect(() => {
    current.current = key;
    asked.current = new Set();
    setPages(new Map());
    setTotal(null);
    setError(null);
  }, [key]);

  const need = (first: number, last: number) => {
    for (let offset = Math.floor(first / PAGE) * PAGE; offset <= Math.max(last, 0); offset += PAGE) {
      if (asked.current.has(offset)) continue;
      asked.current.add(offset);
      const asking = key;
      backend.importRows(offset, PAGE, onlyProblems).then(
        (reply) => {
          if (current.current !== asking) return;
          setTotal(reply.total);
          setPages((previous) => new Map(previous).set(offset, reply.rows));
        },
        (failure: unknown) => {
          asked.current.delete(offset);
          if (current.current === asking) setError(failure);
        },
      );
    }
  };
  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE) * PAGE)?.[index % PAGE];
  return { total, rowAt, need, error };
}

const WARNINGS = ["free_mail", "unfamiliar_domain", "administrator"] as const;
const SKIPS = ["already_invited", "same_access", "done_before", "missing_email"] as const;

/** What happens to a row, in the window's language where the app has the words for it; else
 * the core's own explanation (the reason an address is invalid, the changes to an existing
 * user, the line a duplicate repeats). */
function useExplain() {
  const { t } = useTranslation("import");
  return (row: ImportRowView): string => {
    // After the run, why a row failed or was skipped is the core's (the platform's reason).
    if (row.result && row.resultMessage) return row.resultMessage;
    const code = row.code ?? "";
    if ((SKIPS as readonly string[]).includes(code)) return t(`explain.${code as (typeof SKIPS)[number]}`);
    const sends = row.verdict === "invite" || row.verdict === "direct" || row.verdict === "warning";
    if (!sends) return row.message;
    const how = row.verdict === "direct" || row.message.startsWith("will be added directly") ? "direct" : "invite";
    const count = row.organisations.length;
    const action = t(count === 0 ? `explain.${how}_zero` : `explain.${how}`, { count, role: t(`common:role.${row.role}`) });
    if (row.verdict !== "warning" || !(WARNINGS as readonly string[]).includes(code)) return action;
    const domain = row.email.slice(row.email.lastIndexOf("@") + 1);
    return `${action}; ${t(`explain.${code as (typeof WARNINGS)[number]}`, { domain })}`;
  };
}

export function ImportRows({ version, onlyProblems }: { version: number; onlyProblems: boolean }) {
  const { t } = useTranslation("import");
  const { total, rowAt, need, error } = useImportRows(version, onlyProblems);
  const explain = useExplain();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 400 },
    observeElementRect: observeRectWithFallback,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => need(first, last));

  return (
    <div className="import-table" role="table" aria-label={t("rowsLabel")} aria-rowcount={(total ?? 0) + 1} data-testid="import-rows">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="import-row import-row-head">
          {(["line", "email", "name", "role", "organisations", "verdict", "message"] as const).map((column) => (
            <div key={column} role="columnheader" className={`import-cell import-cell-${column}`}>
              {t(`column.${column}`)}
            </div>
          ))}
        </div>
      </div>
      {error !== null && <FailureText what={t("readFailed")} error={error} />}
      {/* Focusable so that the rows scroll with the keyboard: they hold nothing to focus. */}
      <div role="rowgroup" ref={scrollRef} className="import-table-body" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const style = { height: item.size, transform: `translateY(${item.start}px)` };
            if (!row) {
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} aria-busy="true" className="import-row" style={style}>
                  <div role="cell" className="import-cell muted">
                    {t("common:loading")}
                  </div>
                </div>
              );
            }
            const outcome = row.result ? `result-${row.result}` : `verdict-${row.verdict}`;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`import-row import-${outcome}`}
                style={style}
                data-testid="import-row"
                data-line={row.line}
                data-verdict={row.verdict}
                data-result={row.result ?? undefined}
              >
                <div role="cell" className="import-cell import-cell-line">
                  {row.line}
                </div>
                <div role="cell" className="import-cell import-cell-email" title={row.email}>
                  {row.email}
                </div>
                <div role="cell" className="import-cell import-cell-name" title={row.name ?? undefined}>
                  {row.name}
                </div>
                <div role="cell" className="import-cell import-cell-role">
                  {t(`common:role.${row.role}`)}
                </div>
                <div role="cell" className="import-cell import-cell-organisations" title={row.organisations.join(", ")}>
                  {row.organisations.join(", ")}
                </div>
                <div role="cell" className="import-cell import-cell-verdict">
                  <span className={`badge import-badge-${row.result ?? row.verdict}`}>
                    {row.result ? t(`result.${row.result}`) : t(`verdict.${row.verdict}`)}
                  </span>
                </div>
                <div role="cell" className="import-cell import-cell-message" title={explain(row)}>
                  {explain(row)}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
