// A failure to load, as every screen shows it: what could not be done, why (translated by
// code), and "Try again".
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
