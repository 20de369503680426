import { useId, type ReactNode } from 'react';
import { cn } from './cn';

/** Ids tying a control to its label, hint and error; aria-describedby lists the ones shown. */
export function useFieldIds(opts: {
  id?: string;
  hint?: ReactNode;
  error?: ReactNode;
  describedBy?: string;
}) {
  const auto = useId();
  const id = opts.id ?? `field-${auto}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasHint = opts.hint !== undefined && opts.hint !== null && opts.hint !== false;
  const hasError = opts.error !== undefined && opts.error !== null && opts.error !== false && opts.error !== '';
  const describedBy =
    [opts.describedBy, hasHint ? hintId : undefined, hasError ? errorId : undefined]
      .filter(Boolean)
      .join(' ') || undefined;
  return { id, hintId, errorId, hasHint, hasError, describedBy };
}

export const controlClass = cn(
  'w-full rounded-sm bg-input px-2.5 py-2 text-base text-normal placeholder:text-faint',
  'border border-transparent transition-colors duration-150',
  'disabled:cursor-not-allowed disabled:opacity-50',
  'aria-invalid:border-danger',
);

export interface FieldChromeProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  hintId: string;
  errorId: string;
  hasHint: boolean;
  hasError: boolean;
  required?: boolean;
  /** Hides the label visually; screen readers still get it. */
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}

export function FieldChrome({
  id,
  label,
  hint,
  error,
  hintId,
  errorId,
  hasHint,
  hasError,
  required,
  hideLabel,
  className,
  children,
}: FieldChromeProps) {
  return (
    <div className={cn('flex flex-col gap-2', className)}>
      <label
        htmlFor={id}
        className={cn(
          'text-xs font-bold uppercase tracking-wide',
          hasError ? 'text-danger-text' : 'text-muted',
          hideLabel && 'sr-only',
        )}
      >
        {label}
        {required && (
          <span aria-hidden="true" className="pl-1 text-danger-text">
            *
          </span>
        )}
      </label>
      {children}
      {hasHint && (
        <p id={hintId} className="text-xs text-faint">
          {hint}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="text-xs text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
}
