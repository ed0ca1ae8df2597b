// What became of each change of an operation (done, queued while offline — not an error —,
// a conflict or a refusal with its reason translated by code), and the tally of them all.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { ChangeResult, OutcomeView } from "../../lib/ipc/backend";
import { useDescribeReason } from "../errors/describeError";
import "./outcomes.css";

const OUTCOMES: OutcomeView[] = ["done", "queued", "conflict", "refused"];

export function outcomeClass(outcome: OutcomeView | "failed"): string | undefined {
  if (outcome === "done") return undefined;
  return outcome === "queued" ? "warning-text" : "error-text";
}

/** One change's outcome in words; `doneText` says what "done" means here ("Invited"). */
export function OutcomeText({ result, doneText }: { result: ChangeResult; doneText?: string | undefined }) {
  const { t } = useTranslation();
  const describeReason = useDescribeReason();
  let text: string;
  if (result.outcome === "done") text = doneText ?? t("common:outcome.done");
  else if (result.outcome === "queued") text = t("common:outcome.queued");
  else text = t(`common:outcome.${result.outcome}`, { reason: describeReason(result) });
  return <span className={outcomeClass(result.outcome)}>{text}</span>;
}

export type OutcomeItem = {
  key: string;
  /** Who or what the change was about. */
  label: ReactNode;
  result: ChangeResult;
  doneText?: string | undefined;
  attributes?: Record<`data-${string}`, string | undefined>;
  /** Shown after the outcome (a follow-up button, an error). */
  extra?: ReactNode;
};

export function OutcomeList({
  items,
  label,
  testId,
  itemTestId,
  ordered = false,
}: {
  items: OutcomeItem[];
  /** The list's accessible name. */
  label?: string;
  testId?: string;
  itemTestId?: string;
  /** Steps in order (a numbered list). */
  ordered?: boolean;
}) {
  const List = ordered ? "ol" : "ul";
  return (
    <List className={`outcome-list${ordered ? " outcome-list-ordered" : ""}`} aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className={`outcome outcome-${item.result.outcome}`} data-testid={itemTestId} data-outcome={item.result.outcome} {...item.attributes}>
          <strong className="outcome-label">{item.label}</strong>: <OutcomeText result={item.result} doneText={item.doneText} />
          {item.extra}
        </li>
      ))}
    </List>
  );
}

/** "2 done · 1 refused · 1 skipped". */
export function OutcomeSummary({ results, skipped = 0, testId }: { results: ChangeResult[]; skipped?: number; testId?: string }) {
  const { t } = useTranslation();
  const parts = OUTCOMES.map((outcome) => [outcome, results.filter((result) => result.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => t(`common:outcomeTally.${outcome}`, { count }));
  if (skipped > 0) parts.push(t("common:outcomeTally.skipped", { count: skipped }));
  return (
    <p role="status" className="outcome-summary" data-testid={testId}>
      {parts.length > 0 ? parts.join(" · ") : t("common:outcomeTally.nothing")}
    </p>
  );
}
