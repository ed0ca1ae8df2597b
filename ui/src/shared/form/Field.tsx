// One form field: its label, an optional hint and an error, wired to the control with
// `htmlFor`, `aria-describedby` and `aria-invalid`. The control is the caller's (an input, a
// select, a textarea, a combobox): it receives the props to spread on it. TextField is the
// common case, a field with a text input.
import { useId, type InputHTMLAttributes, type ReactNode } from "react";

import "./form.css";

export type FieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

export function Field({
  label,
  hint,
  error,
  describedBy,
  labelHidden = false,
  inline = false,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown (and announced) under the control; marks it invalid. */
  error?: ReactNode;
  /** The id of a hint elsewhere that describes this control too. */
  describedBy?: string | undefined;
  /** The label is for screen readers only (the context says it). */
  labelHidden?: boolean;
  /** Label and control on one line. */
  inline?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";
  const described = [hint ? hintId : null, describedBy ?? null, hasError ? errorId : null].filter(Boolean).join(" ");
  const control: FieldControlProps = { id };
  if (described) control["aria-describedby"] = described;
  if (hasError) control["aria-invalid"] = true;
  return (
    <div className={`field${inline ? " field-inline" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id} className={labelHidden ? "visually-hidden" : undefined}>
        {label}
      </label>
      {children(control)}
      {hint && (
        <p id={hintId} className="field-hint muted">
          {hint}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="field-error error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A one-line text input as a Field; `onValue` receives what was typed. */
export function TextField({
  label,
  hint,
  describedBy,
  testId,
  onValue,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  describedBy?: string | undefined;
  testId: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "aria-describedby" | "aria-invalid">) {
  return (
    <Field label={label} hint={hint} describedBy={describedBy}>
      {(control) => <input {...control} data-testid={testId} {...input} onChange={(event) => onValue(event.target.value)} />}
    </Field>
  );
}
