// A labelled native <select>: the platform's own picker on phones, full keyboard support and
// a combobox role for screen readers, dressed like the other fields.
import type { ComponentProps, ReactNode } from 'react';
import { cn, FieldChrome, useFieldIds } from '@/components/ui';
import { controlClass } from '@/components/ui/Field';

export interface SelectFieldProps extends Omit<ComponentProps<'select'>, 'children'> {
  label: ReactNode;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
  error?: ReactNode;
  hideLabel?: boolean;
  wrapperClassName?: string;
}

export function SelectField({ label, options, hint, error, hideLabel, wrapperClassName, className, id, ...rest }: SelectFieldProps) {
  const f = useFieldIds({ id, hint, error });
  return (
    <FieldChrome {...f} label={label} hint={hint} error={error} hideLabel={hideLabel} className={wrapperClassName}>
      <select
        id={f.id}
        aria-invalid={f.hasError || undefined}
        aria-describedby={f.describedBy}
        className={cn(controlClass, 'h-10 cursor-pointer focus-visible:outline-2 focus-visible:outline-focus', className)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldChrome>
  );
}
