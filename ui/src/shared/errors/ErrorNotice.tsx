// A failure as every screen shows it: what could not be done, why (translated by code), and
// "Try again" for a load (ErrorNotice); one line for an action that failed (FailureText).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useDescribeError } from "./describeError";

export function ErrorNotice({
  title,
  error,
  onRetry,
  testId,
  className,
}: {
  /** What could not be done ("The organisations could not be read."). */
  title: ReactNode;
  error: unknown;
  /** Shows "Try again" when given. */
  onRetry?: (() => void) | undefined;
  testId?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const describe = useDescribeError();
  return (
    <div role="alert" className={`error-notice${className ? ` ${className}` : ""}`} data-testid={testId}>
      <p className="error-text">
        <strong>{title}</strong> {describe(error)}
      </p>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t("common:retry")}
        </button>
      )}
    </div>
  );
}

/** A failed action, in one announced line: what failed (when given), then why. */
export function FailureText({
  what,
  error,
  className = "error-text",
  testId,
}: {
  /** What could not be done ("The changes could not be applied."). */
  what?: ReactNode;
  error: unknown;
  className?: string;
  testId?: string;
}) {
  const describe = useDescribeError();
  return (
    <p role="alert" className={className} data-testid={testId}>
      {what !== undefined && <>{what} </>}
      {describe(error)}
    </p>
  );
}
