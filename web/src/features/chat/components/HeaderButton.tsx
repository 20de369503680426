// An icon button of a conversation's top bar (pins, search, member list).
import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/components/ui';

export function HeaderButton({
  label,
  pressed,
  icon,
  className,
  ...rest
}: Omit<ComponentProps<'button'>, 'children'> & { label: string; pressed?: boolean; icon: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      className={cn(
        'inline-flex size-9 cursor-pointer items-center justify-center rounded-sm transition-colors [&>svg]:size-5',
        'focus-visible:outline-2 focus-visible:outline-focus',
        pressed ? 'text-heading' : 'text-muted hover:text-normal',
        className,
      )}
      {...rest}
    >
      {icon}
    </button>
  );
}
