import { useState, type ComponentProps, type ReactNode } from 'react';
import { cn } from './cn';
import { FieldChrome, controlClass, useFieldIds } from './Field';

export interface TextFieldProps extends Omit<ComponentProps<'input'>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the field; also marks the input invalid. */
  error?: ReactNode;
  hideLabel?: boolean;
  /** Class of the outer wrapper; `className` goes to the input itself. */
  wrapperClassName?: string;
  /** Screen-reader words of the password reveal toggle. */
  showPasswordLabel?: string;
  hidePasswordLabel?: string;
}

export function TextField({
  label,
  hint,
  error,
  hideLabel,
  wrapperClassName,
  className,
  id: idProp,
  type = 'text',
  required,
  showPasswordLabel = 'Show password',
  hidePasswordLabel = 'Hide password',
  'aria-describedby': describedByProp,
  ...rest
}: TextFieldProps) {
  const f = useFieldIds({ id: idProp, hint, error, describedBy: describedByProp });
  const [revealed, setRevealed] = useState(false);
  const isPassword = type === 'password';

  return (
    <FieldChrome {...f} label={label} hint={hint} error={error} required={required} hideLabel={hideLabel} className={wrapperClassName}>
      <div className="relative flex items-center">
        <input
          id={f.id}
          type={isPassword && revealed ? 'text' : type}
          required={required}
          aria-invalid={f.hasError || undefined}
          aria-describedby={f.describedBy}
          className={cn(controlClass, 'h-10', isPassword && 'pr-10', className)}
          {...rest}
        />
        {isPassword && (
          <button
            type="button"
            aria-controls={f.id}
            aria-label={revealed ? hidePasswordLabel : showPasswordLabel}
            onClick={() => setRevealed((r) => !r)}
            className="absolute right-1 inline-flex size-8 cursor-pointer items-center justify-center rounded-sm text-faint hover:text-normal"
          >
            <EyeIcon crossed={revealed} />
          </button>
        )}
      </div>
    </FieldChrome>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" />
      <circle cx="12" cy="12" r="3" />
      {crossed && <path d="M3 3l18 18" />}
    </svg>
  );
}
