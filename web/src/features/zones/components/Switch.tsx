// An on/off setting that applies at once: a button with role "switch", named by its label and
// described by the sentence under it.
import { useId } from 'react';
import { cn } from '@/components/ui';

export interface SwitchProps {
  label: string;
  description?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  busy?: boolean;
}

export function Switch({ label, description, checked, onChange, disabled, busy }: SwitchProps) {
  const id = useId();
  return (
    <div className="flex items-start gap-4">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="font-medium text-heading">
          {label}
        </label>
        {description && (
          <p id={`${id}-desc`} className="text-sm text-muted">
            {description}
          </p>
        )}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={description ? `${id}-desc` : undefined}
        aria-busy={busy || undefined}
        disabled={disabled || busy}
        onClick={() => onChange(!checked)}
        className={cn(
          'relative inline-flex h-6 w-10 shrink-0 cursor-pointer items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-focus disabled:cursor-not-allowed disabled:opacity-50',
          checked ? 'bg-success' : 'bg-active',
        )}
      >
        <span
          aria-hidden
          className={cn('inline-block size-[18px] rounded-full bg-white shadow transition-transform', checked ? 'translate-x-5' : 'translate-x-[3px]')}
        />
      </button>
    </div>
  );
}
